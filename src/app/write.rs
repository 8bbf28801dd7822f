//! Writing a fixed file: atomically, keeping its permissions and owner,
//! and never through a symlink that leads out of the tree being linted.
//! An interrupted run removes its temporary files ([`signals`]).

use std::path::Path;

/// Writes a fixed file safely: atomically through a temporary file
/// in the same directory, in place for hard-linked files, through a symlink
/// only when its target lies inside the tree being linted, never to a file
/// without an owner write bit or in a directory that cannot be written. The
/// file keeps its permissions, and on Unix its owner and group.
pub fn write(path: &Path, bytes: &[u8], root: &Path, original: &[u8]) -> Result<(), String> {
    std::fs::symlink_metadata(path).map_err(|e| format!("cannot write: {e}"))?;
    // A symlink, in the file's name or in a directory on its path, is
    // followed only to a target inside the tree being linted. A path without
    // a symlink names the file itself (`../notes.md` included), and is
    // written wherever it lies.
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve: {e}"))?;
    if through_symlink(path).map_err(|e| format!("cannot resolve: {e}"))? {
        let tree = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        if !target.starts_with(&tree) {
            return Err(format!(
                "is a symlink to `{}`, outside the tree being linted: not written",
                target.display()
            ));
        }
    }
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot write: {e}"))?;
    if !owner_writable(&meta) {
        return Err("has no write permission for its owner: not written".into());
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir_meta = std::fs::metadata(dir).map_err(|e| format!("cannot write: {e}"))?;
    if !owner_writable(&dir_meta) {
        return Err(format!(
            "directory `{}` is not writable: not written",
            dir.display()
        ));
    }
    if hard_links(&meta) > 1 {
        // Every name must see the fix.
        return rewrite_in_place(&target, bytes, original);
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.listlint-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<bool> {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        crate::app::write::signals::track(&tmp);
        // Before the mode is set: a change of owner clears set-user-ID and
        // set-group-ID bits.
        if !keep_owner(&f, &meta)? {
            return Ok(false);
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, &target)?;
        Ok(true)
    })();
    signals::untrack(&tmp);
    match result {
        Ok(true) => Ok(()),
        Ok(false) => {
            // The temporary file cannot get the original's owner or group: a
            // user writing someone else's file (group-writable, say). A
            // rename would hand the file over to this user, and could leave
            // its owner unable to read it, so the file is rewritten in place
            // instead: not atomic, but owner, group, mode and inode stay
            // the file's own. When this user cannot write the file itself,
            // nothing is written.
            let _ = std::fs::remove_file(&tmp);
            rewrite_in_place(&target, bytes, original)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(format!("cannot write: {e}"))
        }
    }
}

/// Whether reaching `path` follows a symlink: its file name, or a directory
/// on its path, `..` components included (`link/..` is the parent of the
/// link's target, not the directory holding the link). A relative path
/// starts at the working directory, which the system gives with no symlink
/// in it.
fn through_symlink(path: &Path) -> std::io::Result<bool> {
    let mut walked = std::path::PathBuf::new();
    for c in std::path::absolute(path)?.components() {
        walked.push(c);
        if matches!(c, std::path::Component::Normal(_))
            && std::fs::symlink_metadata(&walked)?.is_symlink()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Rewrites a file in place, without truncating first, and puts the original
/// back if the write fails.
fn rewrite_in_place(target: &Path, bytes: &[u8], original: &[u8]) -> Result<(), String> {
    write_in_place(target, bytes).map_err(|e| {
        let _ = write_in_place(target, original);
        format!("cannot write: {e}")
    })
}

/// Gives a new file the owner and group of `meta`'s file; false when this
/// user may not.
#[cfg(unix)]
fn keep_owner(f: &std::fs::File, meta: &std::fs::Metadata) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let now = f.metadata()?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(true);
    }
    match std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid())) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> std::io::Result<bool> {
    Ok(true)
}

/// Overwrites a file's content in place (same inode).
fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)?;
    f.sync_all()
}

#[cfg(unix)]
fn owner_writable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o200 != 0
}

#[cfg(not(unix))]
fn owner_writable(meta: &std::fs::Metadata) -> bool {
    !meta.permissions().readonly()
}

#[cfg(unix)]
fn hard_links(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn hard_links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Temporary files being written, removed if the run is interrupted.
pub(crate) mod signals {
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    pub fn track(p: &Path) {
        if let Ok(mut v) = PENDING.lock() {
            v.push(p.to_owned());
        }
    }

    pub fn untrack(p: &Path) {
        if let Ok(mut v) = PENDING.lock() {
            v.retain(|x| x != p);
        }
    }

    /// Removes every pending temporary file (called on SIGINT/SIGTERM).
    pub fn cleanup() {
        if let Ok(v) = PENDING.lock() {
            for p in v.iter() {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}
