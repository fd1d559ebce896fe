//! The local file system as the upload form sees it: `~` expanded, and directories listed for
//! its browser.

use std::path::{Path, PathBuf};

use crate::tui::msg::DirEntry;
use crate::tui::task_error::DirListError;

/// `~/x` → `$HOME/x`; other paths unchanged.
pub(in crate::tui) fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// Directory entries, directories first, then by name.
pub(in crate::tui) fn list_dir(dir: &Path) -> Result<Vec<DirEntry>, DirListError> {
    let rd = std::fs::read_dir(dir).map_err(|source| DirListError {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<DirEntry> = rd
        .filter_map(Result::ok)
        .map(|e| DirEntry {
            name: e.file_name().to_string_lossy().into_owned(),
            // Follows symlinks, so a link to a directory can be entered.
            is_dir: e.path().is_dir(),
        })
        .collect();
    entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
    Ok(entries)
}
