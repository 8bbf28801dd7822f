-- Neovim's built-in LSP client (the API of Neovim 0.7: start_client and
-- buf_attach_client) against `listlint server`, headless. Run by
-- .ci/editor.sh with LISTLINT_BIN (the binary) and EDITOR_TEST_DIR (a
-- directory holding notes.md, a list with planted problems, and
-- expected.md, what `listlint fix` makes of it).
--
-- It opens the list, waits for the diagnostics and checks them (codes, and
-- columns after an emoji and CJK characters, which the client converts
-- from UTF-16), applies the fix-all code action and checks the buffer,
-- then edits a line and sees the diagnostics follow.

local dir = assert(vim.env.EDITOR_TEST_DIR, 'EDITOR_TEST_DIR')
local bin = assert(vim.env.LISTLINT_BIN, 'LISTLINT_BIN')
local checks = 0

local function fail(message)
  io.stderr:write('nvim: FAILED: ' .. message .. '\n')
  os.exit(1)
end

local function check(ok, message)
  if not ok then
    fail(message)
  end
  checks = checks + 1
end

local function read(path)
  local f = assert(io.open(path, 'rb'))
  local text = f:read('*a')
  f:close()
  return text
end

vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/notes.md'))
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'markdown'

-- Counts publications, so a wait can tell a new one from the last.
local published = 0
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  publish(err, result, ctx, config)
  if result and result.uri == vim.uri_from_bufnr(buf) then
    published = published + 1
  end
end

local client_id = vim.lsp.start_client({
  name = 'listlint',
  cmd = { bin, 'server' },
  root_dir = dir,
})
if not client_id then
  fail('the client did not start')
end
vim.lsp.buf_attach_client(buf, client_id)

local function wait_for_publication(after, what)
  if not vim.wait(20000, function() return published > after end, 20) then
    fail('no diagnostics ' .. what)
  end
end

local function codes()
  local by_code = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    by_code[d.code] = d
  end
  return by_code
end

local function names(by_code)
  local list = {}
  for code in pairs(by_code) do
    table.insert(list, code)
  end
  table.sort(list)
  return table.concat(list, ' ')
end

-- 1. The planted problems, where they are.
wait_for_publication(0, 'after opening the list')
local found = codes()
check(
  names(found) == 'duplicate-link insecure-link list-numbering tracking-param trailing-whitespace',
  'diagnostics after open: ' .. names(found)
)
local line5 = vim.api.nvim_buf_get_lines(buf, 4, 5, true)[1]
local tracking = found['tracking-param']
check(
  tracking.lnum == 4 and tracking.col == line5:find('https', 1, true) - 1,
  ('tracking-param at %d:%d, expected 4:%d'):format(tracking.lnum, tracking.col, line5:find('https', 1, true) - 1)
)
check(found['list-numbering'].severity == vim.diagnostic.severity.ERROR, 'list-numbering is an error')

-- 2. Fix all, as a format-on-save setup asks for it.
local client = vim.lsp.get_client_by_id(client_id)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
  context = { diagnostics = {}, only = { 'source.fixAll.listlint' } },
}
local answer = client.request_sync('textDocument/codeAction', params, 20000, buf)
if not answer or answer.err or not answer.result then
  fail('codeAction: ' .. vim.inspect(answer))
end
check(#answer.result == 1 and answer.result[1].kind == 'source.fixAll.listlint', 'one fix-all action: ' .. vim.inspect(answer.result))
local before = published
vim.lsp.util.apply_workspace_edit(answer.result[1].edit, client.offset_encoding)
local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n') .. '\n'
check(text == read(dir .. '/expected.md'), 'the buffer after fix-all:\n' .. text)
wait_for_publication(before, 'after fix-all')
vim.wait(300) -- the last publication of the burst of changes
found = codes()
check(names(found) == 'duplicate-link insecure-link', 'diagnostics after fix-all: ' .. names(found))

-- 3. Edit a line: its problem goes, another comes.
before = published
vim.api.nvim_buf_set_lines(buf, 6, 7, true, { '2. [Again, elsewhere](https://example.net/a?fbclid=abc)' })
wait_for_publication(before, 'after the edit')
vim.wait(300)
found = codes()
check(names(found) == 'insecure-link tracking-param', 'diagnostics after the edit: ' .. names(found))
check(found['tracking-param'].lnum == 6, 'tracking-param on the edited line')

vim.lsp.stop_client(client_id)
io.stdout:write(('nvim %s: %d checks passed\n'):format(tostring(vim.version().minor and ('0.' .. vim.version().minor)), checks))
os.exit(0)
