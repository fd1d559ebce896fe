//! Resume state of multipart uploads on disk: one JSON file per upload, written atomically
//! (temporary file, then rename) so a crash leaves either the old or the new state, never half.
//!
//! Shared by the command line and the terminal app (both may resume what the other started), so
//! it lives beside them and depends on `api` types only: `cli → resume → api`, `tui → resume → api`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::api::{Client, MultipartState, StateFn};

/// The directory of resume files.
#[derive(Debug, Clone)]
pub struct ResumeStore {
    dir: PathBuf,
}

impl ResumeStore {
    /// A store in `dir` (created on first save).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of an upload id, refusing ids that could leave the directory.
    fn file(&self, upload_id: &str) -> std::io::Result<PathBuf> {
        let safe = !upload_id.is_empty()
            && upload_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !safe {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("invalid upload id {upload_id:?}"),
            ));
        }
        Ok(self.dir.join(format!("{upload_id}.json")))
    }

    /// Writes the state: temporary file in the same directory, flushed, then renamed over.
    pub fn save(&self, state: &MultipartState) -> std::io::Result<()> {
        use std::io::Write;
        std::fs::create_dir_all(&self.dir)?;
        let target = self.file(&state.upload_id)?;
        let tmp = self.dir.join(format!(".{}.json.tmp", state.upload_id));
        let text = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&text)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    }

    /// A callback for [`crate::api::MultipartOptions::on_state`] that saves every change. A failed
    /// save is logged, not fatal: the upload itself goes on.
    pub fn saver(&self) -> StateFn {
        let store = self.clone();
        Arc::new(move |state: &MultipartState| {
            if let Err(e) = store.save(state) {
                tracing::warn!("cannot save resume state of {}: {e}", state.upload_id);
            }
        })
    }

    /// The saved state of an upload id.
    pub fn load(&self, upload_id: &str) -> std::io::Result<MultipartState> {
        let text = std::fs::read(self.file(upload_id)?)?;
        serde_json::from_slice(&text).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// Every readable saved state, oldest file name first; unreadable files are skipped.
    pub fn list(&self) -> Vec<MultipartState> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
            .collect();
        names.sort();
        names
            .iter()
            .filter_map(|n| self.load(n.trim_end_matches(".json")).ok())
            .collect()
    }

    /// The saved states of one file (matched on its absolute path).
    pub fn for_path(&self, path: &Path) -> Vec<MultipartState> {
        let Ok(abs) = std::fs::canonicalize(path) else {
            return Vec::new();
        };
        self.list().into_iter().filter(|s| s.path == abs).collect()
    }

    /// Forgets an upload the user named: unlike [`ResumeStore::remove`], an id with no saved
    /// state here is an error (`NotFound`), so a mistyped id is not reported as forgotten.
    pub fn forget(&self, upload_id: &str) -> std::io::Result<()> {
        std::fs::remove_file(self.file(upload_id)?)
    }

    /// Forgets an upload; a missing file is not an error.
    pub fn remove(&self, upload_id: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.file(upload_id)?) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// Writes resume files on one thread of its own, never on the async workers (create_dir,
/// write, fsync and rename after every chunk would stall them). Cheap to clone; writes keep
/// their order, and of a burst of saves of one upload only the newest is written.
#[derive(Clone)]
pub struct ResumeWriter {
    tx: std::sync::mpsc::Sender<Write>,
}

enum Write {
    Save(Box<MultipartState>),
    Remove(String),
    /// Called once everything sent before it is written.
    Flushed(Box<dyn FnOnce() + Send>),
}

impl ResumeWriter {
    /// A writer into `store`; its thread ends when the last clone is dropped, after the writes
    /// already sent.
    pub fn new(store: ResumeStore) -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<Write>();
        let spawned = std::thread::Builder::new()
            .name("resume-writer".into())
            .spawn(move || {
                let mut pending = rx.recv().ok();
                while let Some(w) = pending.take() {
                    let next = rx.try_recv().ok();
                    let superseded = matches!((&w, &next),
                        (Write::Save(a), Some(Write::Save(b))) if a.upload_id == b.upload_id);
                    if !superseded {
                        write(&store, w);
                    }
                    pending = next.or_else(|| rx.recv().ok());
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("cannot start the resume writer: {e}; sessions are not saved");
        }
        Self { tx }
    }

    /// Saves `state` (soon, in order).
    pub fn save(&self, state: &MultipartState) {
        let _ = self.tx.send(Write::Save(Box::new(state.clone())));
    }

    /// Forgets an upload (soon, in order).
    pub fn remove(&self, upload_id: &str) {
        let _ = self.tx.send(Write::Remove(upload_id.to_string()));
    }

    /// Waits until everything sent so far is written.
    pub async fn flush(&self) {
        let (done, written) = tokio::sync::oneshot::channel();
        let told = Box::new(move || {
            let _ = done.send(());
        });
        if self.tx.send(Write::Flushed(told)).is_ok() {
            let _ = written.await;
        }
    }

    /// [`ResumeWriter::flush`] for a caller that cannot await (a drop at exit), at most
    /// `patience` long.
    pub fn flush_blocking(&self, patience: std::time::Duration) {
        let (done, written) = std::sync::mpsc::channel();
        let told = Box::new(move || {
            let _ = done.send(());
        });
        if self.tx.send(Write::Flushed(told)).is_ok() {
            let _ = written.recv_timeout(patience);
        }
    }
}

fn write(store: &ResumeStore, w: Write) {
    match w {
        Write::Save(state) => {
            if let Err(e) = store.save(&state) {
                tracing::warn!("cannot save resume state of {}: {e}", state.upload_id);
            }
        }
        Write::Remove(id) => {
            if let Err(e) = store.remove(&id) {
                tracing::warn!("cannot remove resume state of {id}: {e}");
            }
        }
        Write::Flushed(tell) => tell(),
    }
}

/// True when a state saved against `saved` (a base URL) belongs to the service `client` talks
/// to. Loopback URLs all count as the local platform, whose port changes from run to run.
pub fn same_service(saved: &str, client: &Client) -> bool {
    saved == client.base_url() || (crate::api::is_loopback_url(saved) && client.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(id: &str, path: &Path) -> MultipartState {
        MultipartState {
            upload_id: id.into(),
            asset_id: "a".into(),
            base_url: "http://127.0.0.1:1/v1.3".into(),
            path: path.to_path_buf(),
            filename: "f.mp4".into(),
            size: 10,
            mtime_ns: None,
            chunk_size: 5,
            total_chunks: 2,
            upload_headers: Default::default(),
            expires_at: None,
            stored: Default::default(),
            acknowledged: [1].into(),
        }
    }

    #[test]
    fn save_load_list_remove() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("v.mp4");
        std::fs::write(&file, b"0123456789").expect("write");
        let abs = std::fs::canonicalize(&file).expect("abs");
        let store = ResumeStore::new(dir.path().join("resume"));
        let s = state("abc123", &abs);
        store.save(&s).expect("save");
        store.save(&s).expect("save over");
        assert_eq!(store.load("abc123").expect("load"), s);
        assert_eq!(store.list().len(), 1);
        assert_eq!(store.for_path(&file).len(), 1);
        let leftovers = std::fs::read_dir(store.dir()).expect("dir").count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        store.remove("abc123").expect("remove");
        store.remove("abc123").expect("remove twice");
        assert!(store.list().is_empty());
        store.save(&s).expect("save again");
        store.forget("abc123").expect("forget a saved upload");
        let e = store.forget("abc123").expect_err("nothing left to forget");
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn ids_cannot_escape_the_directory() {
        let store = ResumeStore::new("/tmp/x");
        assert!(store.load("../etc/passwd").is_err());
        assert!(store.save(&state("a/b", Path::new("/f"))).is_err());
    }
}
