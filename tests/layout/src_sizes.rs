//! Sizes in `src/`: a source file short enough to read whole, a folder few enough files at its
//! root to see at a glance (more belong in a submodule of their own).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::{rust_files, shown, src_dir};

/// The most lines a source file under `src/` may have.
const MAX_LINES: usize = 400;
/// The most `.rs` files a folder under `src/` may hold at its root (subfolders not counted).
const MAX_FILES_IN_FOLDER: usize = 15;

#[test]
fn no_source_file_is_over_400_lines() {
    let files = rust_files(&src_dir());
    assert!(files.len() > 20, "the reader finds the sources: {files:?}");
    let long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", shown(path)))
        })
        .collect();
    assert!(
        long.is_empty(),
        "source files over {MAX_LINES} lines (split them into modules):\n{}",
        long.join("\n")
    );
}

#[test]
fn no_folder_holds_more_than_15_source_files() {
    let mut by_folder: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for path in rust_files(&src_dir()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        by_folder
            .entry(path.parent().unwrap().to_path_buf())
            .or_default()
            .push(name);
    }
    assert!(
        by_folder.contains_key(&src_dir().join("tui")),
        "the reader finds the folders: {:?}",
        by_folder.keys()
    );
    let crowded: Vec<String> = by_folder
        .iter()
        .filter(|(_, files)| files.len() > MAX_FILES_IN_FOLDER)
        .map(|(dir, files)| format!("{}/ ({} files): {}", shown(dir), files.len(), files.join(", ")))
        .collect();
    assert!(
        crowded.is_empty(),
        "folders with more than {MAX_FILES_IN_FOLDER} .rs files at their root (group some into a \
         submodule):\n{}",
        crowded.join("\n")
    );
}
