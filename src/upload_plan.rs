//! What to upload, from what the user gave: paths (a multi-line paste is one path per line,
//! quotes taken off), directories (walked recursively), globs (`clips/*.mp4`, `**` for any depth).
//! The answer is the media files, judged as an upload judges them ([`crate::api::inspect_file`]:
//! sniffed video, audio or image, or named as a document; not empty), with their sizes, and every other file with the
//! reason it is skipped. Directories are walked with `walkdir` (links followed, a link back to an
//! ancestor reported as a loop) and entered once however many links lead to them; a file reached
//! twice is planned once. Blocking file I/O: run it off the UI thread.
//! Used by the command line and the terminal app alike; knows nothing of either.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::api::types::Asset;
use crate::api::{LocalMedia, inspect_file};

/// Why a path is not uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Not a video, audio, image or document file (what the sniffing said).
    NotMedia(String),
    Empty,
    /// It could not be read (permission, I/O error).
    Unreadable(String),
    /// A symbolic link that leads back into itself or into a directory already walked.
    SymlinkLoop,
    /// A glob that matched no file.
    NoMatch,
    NotFound,
    /// A device, socket or pipe.
    NotAFile,
    /// An asset with the same filename and size exists ("skip existing").
    AlreadyUploaded,
    /// The same file is already waiting or running in this app's upload queue.
    AlreadyQueued,
    /// The file cannot be uploaded as it is (an image over the image limit).
    Refused(String),
}

impl SkipReason {
    /// The short label the summary groups by.
    pub fn label(&self) -> &'static str {
        match self {
            Self::NotMedia(_) => "not media",
            Self::Empty => "empty",
            Self::Unreadable(_) => "unreadable",
            Self::SymlinkLoop => "symlink loop",
            Self::NoMatch => "matched nothing",
            Self::NotFound => "not found",
            Self::NotAFile => "not a file",
            Self::AlreadyUploaded => "already uploaded",
            Self::AlreadyQueued => "already queued",
            Self::Refused(_) => "refused",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotMedia(why) | Self::Unreadable(why) | Self::Refused(why) => {
                write!(f, "{}: {why}", self.label())
            }
            other => f.write_str(other.label()),
        }
    }
}

/// A path that is not uploaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// The files to upload and the ones skipped, in the order given (a directory's files sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadPlan {
    pub files: Vec<LocalMedia>,
    pub skipped: Vec<Skipped>,
}

impl UploadPlan {
    /// Expands every input (see the module doc).
    pub fn expand<S: AsRef<str>>(inputs: &[S]) -> Self {
        let mut walk = Walk::default();
        for input in inputs {
            walk.input(input.as_ref());
        }
        walk.plan
    }

    /// Expands a pasted or typed text: one path per line.
    pub fn from_text(text: &str) -> Self {
        Self::expand(&split_paths(text))
    }

    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// `12 media files, 3.4 GB · 2 skipped (not media: notes.txt, …)`.
    pub fn summary(&self) -> String {
        let n = self.files.len();
        let plural = if n == 1 { "" } else { "s" };
        let mut line = format!(
            "{n} media file{plural}, {}",
            crate::format::size(self.total_size())
        );
        if self.skipped.is_empty() {
            return line;
        }
        // Per reason, the first two names, then an ellipsis.
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        for s in &self.skipped {
            let name = s.path.file_name().map_or_else(
                || s.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            match groups.iter_mut().find(|(label, _)| *label == s.reason.label()) {
                Some((_, names)) => names.push(name),
                None => groups.push((s.reason.label(), vec![name])),
            }
        }
        let parts: Vec<String> = groups
            .into_iter()
            .map(|(label, names)| {
                let more = if names.len() > 2 { ", …" } else { "" };
                format!("{label}: {}{more}", names[..names.len().min(2)].join(", "))
            })
            .collect();
        line.push_str(&format!(
            " · {} skipped ({})",
            self.skipped.len(),
            parts.join("; ")
        ));
        line
    }
}

/// The filename and size of every asset already on the service: what "skip existing" compares
/// a file with (its name without the directories, and its size in bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Existing(HashSet<(String, u64)>);

impl Existing {
    pub fn from_assets<'a>(assets: impl IntoIterator<Item = &'a Asset>) -> Self {
        Self(
            assets
                .into_iter()
                .filter_map(|a| Some((a.filename.clone()?, a.size?)))
                .collect(),
        )
    }

    pub fn contains(&self, file: &LocalMedia) -> bool {
        self.0.contains(&(file_name(&file.path), file.size))
    }
}

impl UploadPlan {
    /// Moves the files that already exist on the service to `skipped`; returns how many moved.
    pub fn skip_existing(&mut self, existing: &Existing) -> usize {
        let before = self.files.len();
        let (there, kept): (Vec<LocalMedia>, Vec<LocalMedia>) = std::mem::take(&mut self.files)
            .into_iter()
            .partition(|f| existing.contains(f));
        self.files = kept;
        self.skipped.extend(there.into_iter().map(|f| Skipped {
            path: f.path,
            reason: SkipReason::AlreadyUploaded,
        }));
        before - self.files.len()
    }
}

/// The last part of `path`, as an asset made from it is named.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// One path per line, surrounding blanks and one pair of matching quotes taken off, blank lines
/// (and `""`) dropped.
pub fn split_paths(text: &str) -> Vec<String> {
    // A terminal sends a pasted line break as CR: CR, LF and CRLF all end a line.
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            for q in ['"', '\''] {
                if l.len() >= 2
                    && let Some(inner) = l.strip_prefix(q).and_then(|r| r.strip_suffix(q))
                {
                    return inner.to_string();
                }
            }
            l.to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// True when `text` holds glob syntax.
fn is_glob(text: &str) -> bool {
    glob::is_glob(text)
}

#[derive(Default)]
struct Walk {
    plan: UploadPlan,
    /// Directories entered, by canonical path: each once, which is what ends a symlink loop.
    dirs: HashSet<PathBuf>,
    /// Files planned or skipped, by canonical path.
    files: HashSet<PathBuf>,
}

impl Walk {
    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.plan.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason,
        });
    }

    fn input(&mut self, text: &str) {
        if !is_glob(text) || fs::symlink_metadata(text).is_ok() {
            self.path(Path::new(text));
            return;
        }
        let matches = glob::expand(text);
        if matches.is_empty() {
            self.skip(Path::new(text), SkipReason::NoMatch);
        }
        for m in matches {
            self.path(&m);
        }
    }

    /// Any path: follows a link, then a directory is walked and a file judged.
    fn path(&mut self, path: &Path) {
        let link = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == ErrorKind::NotFound => return self.skip(path, SkipReason::NotFound),
            Err(e) => return self.skip(path, SkipReason::Unreadable(e.to_string())),
        };
        let is_link = link.file_type().is_symlink();
        let meta = if is_link {
            match fs::metadata(path) {
                Ok(m) => m,
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    return self.skip(path, SkipReason::Unreadable("broken symbolic link".into()));
                }
                Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                    return self.skip(path, SkipReason::Unreadable(e.to_string()));
                }
                // A link that cannot be resolved but whose target is not missing: a loop.
                Err(_) => return self.skip(path, SkipReason::SymlinkLoop),
            }
        } else {
            link
        };
        if meta.is_dir() {
            self.dir(path, is_link);
        } else if meta.is_file() {
            let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            self.file(path, key, meta.len());
        } else {
            self.skip(path, SkipReason::NotAFile);
        }
    }

    fn dir(&mut self, path: &Path, via_link: bool) {
        let root = match fs::canonicalize(path) {
            Ok(c) => c,
            Err(e) => return self.skip(path, SkipReason::Unreadable(e.to_string())),
        };
        if !self.dirs.insert(root.clone()) {
            // Entered before: through a link that is a loop; given twice, nothing to add.
            if via_link {
                self.skip(path, SkipReason::SymlinkLoop);
            }
            return;
        }
        // The canonical path of each directory open on the way down, by depth: a file's key is
        // its parent's plus its name, without a syscall per file.
        let mut open: Vec<PathBuf> = vec![root];
        let mut entries = WalkDir::new(path)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(next) = entries.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(e) => {
                    self.walk_error(&e);
                    continue;
                }
            };
            open.truncate(entry.depth());
            let linked = entry.path_is_symlink();
            let canonical = match open.last() {
                Some(parent) if !linked => parent.join(entry.file_name()),
                _ => fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().to_path_buf()),
            };
            let kind = entry.file_type();
            if kind.is_dir() {
                if self.dirs.insert(canonical.clone()) {
                    open.push(canonical);
                } else {
                    // Walked already (from another input or another link to it).
                    if linked {
                        self.skip(entry.path(), SkipReason::SymlinkLoop);
                    }
                    entries.skip_current_dir();
                }
            } else if kind.is_file() {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                self.file(entry.path(), canonical, size);
            } else {
                self.skip(entry.path(), SkipReason::NotAFile);
            }
        }
    }

    /// What an entry the walk could not enter or resolve is skipped as.
    fn walk_error(&mut self, err: &walkdir::Error) {
        let Some(path) = err.path() else { return };
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let reason = match err.io_error() {
            _ if err.loop_ancestor().is_some() => SkipReason::SymlinkLoop,
            Some(e) if e.kind() == ErrorKind::NotFound && is_link => {
                SkipReason::Unreadable("broken symbolic link".into())
            }
            Some(e) if e.kind() == ErrorKind::NotFound => SkipReason::NotFound,
            Some(e) if e.kind() == ErrorKind::PermissionDenied => SkipReason::Unreadable(e.to_string()),
            // A link that cannot be resolved but whose target is not missing: a loop.
            Some(_) if is_link => SkipReason::SymlinkLoop,
            Some(e) => SkipReason::Unreadable(e.to_string()),
            None => SkipReason::Unreadable(err.to_string()),
        };
        self.skip(path, reason);
    }

    fn file(&mut self, path: &Path, key: PathBuf, size: u64) {
        if !self.files.insert(key) {
            return;
        }
        if size == 0 {
            return self.skip(path, SkipReason::Empty);
        }
        match inspect_file(path) {
            Ok(media) => self.plan.files.push(media),
            Err(e) => {
                let reason = match fs::File::open(path) {
                    Err(open) => SkipReason::Unreadable(open.to_string()),
                    Ok(_) => SkipReason::NotMedia(sniffed(&e.message(), path)),
                };
                self.skip(path, reason);
            }
        }
    }
}

/// The inspection's words without the path it starts with.
fn sniffed(message: &str, path: &Path) -> String {
    let prefix = format!("{}: ", path.display());
    message.strip_prefix(&prefix).unwrap_or(message).to_string()
}

mod glob;
#[cfg(test)]
mod tests;
