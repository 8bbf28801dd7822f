// A thin client: it starts `listlint server` and lets it do the work
// (diagnostics, quick fixes, fix all, formatting, hover). What it adds is
// fix-all on save and a command to check the links of the open file.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

const FIX_ALL = 'source.fixAll.listlint';
let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration('listlint');
  const command = config.get('path') || 'listlint';
  return { command, args: ['server'] };
}

function clientOptions() {
  const config = vscode.workspace.getConfiguration('listlint');
  return {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'file', pattern: '**/{listlint,.listlint}.toml' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{listlint,.listlint}.toml'),
    },
    initializationOptions: { debounceMs: config.get('debounceMs') },
  };
}

async function start() {
  client = new LanguageClient('listlint', 'listlint', serverOptions(), clientOptions());
  await client.start();
}

/// The edits of the fix-all action for a document, for `onWillSave`.
async function fixAllEdits(document) {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand(
    'vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL);
  const edits = [];
  for (const action of actions || []) {
    if (action.kind && action.kind.value === FIX_ALL && action.edit) {
      for (const [uri, textEdits] of action.edit.entries()) {
        if (uri.toString() === document.uri.toString()) {
          edits.push(...textEdits);
        }
      }
    }
  }
  return edits;
}

async function activate(context) {
  await start();
  context.subscriptions.push(
    vscode.workspace.onWillSaveTextDocument((event) => {
      const config = vscode.workspace.getConfiguration('listlint', event.document);
      if (event.document.languageId === 'markdown' && config.get('fixAllOnSave')) {
        event.waitUntil(fixAllEdits(event.document));
      }
    }),
    vscode.commands.registerCommand('listlint.checkLinksInFile', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) {
        return;
      }
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'listlint: checking links' },
        () => client.sendRequest('workspace/executeCommand', {
          command: 'listlint.checkLinks',
          arguments: [editor.document.uri.toString()],
        }));
      if (summary) {
        vscode.window.showInformationMessage(`listlint: ${summary}`);
      }
    }),
    vscode.commands.registerCommand('listlint.restart', async () => {
      if (client) {
        await client.stop();
      }
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('listlint.path') || event.affectsConfiguration('listlint.debounceMs')) {
        await vscode.commands.executeCommand('listlint.restart');
      }
    }),
  );
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
