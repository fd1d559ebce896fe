//! Which processes use a data dir. Every platform holds a shared lock on `platform.lock` while it
//! runs; one that gets the lock exclusively at start-up knows it is alone, so every file no row
//! knows is an orphan of a dead process and can go at once. With another process alive, young
//! files may be that process's work in flight, and the sweep leaves them for a later start.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;

/// The held lock; dropping it (or the process dying) releases it.
#[derive(Debug)]
pub(crate) struct DirLock {
    file: File,
    alone: bool,
}

impl DirLock {
    /// Takes the lock: exclusive if no other process holds it, shared otherwise.
    pub(crate) fn acquire(root: &Path) -> io::Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join("platform.lock"))?;
        let alone = match file.try_lock() {
            Ok(()) => true,
            Err(TryLockError::WouldBlock) => {
                file.lock_shared()?;
                false
            }
            Err(TryLockError::Error(e)) => return Err(e),
        };
        Ok(Self { file, alone })
    }

    /// True when no other process used the data dir at start-up.
    pub(crate) fn alone(&self) -> bool {
        self.alone
    }

    /// After start-up housekeeping: share the dir with processes that start later.
    pub(crate) fn share(&mut self) -> io::Result<()> {
        if self.alone {
            self.file.unlock()?;
            self.file.lock_shared()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_holder_is_alone_and_later_ones_are_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut first = DirLock::acquire(dir.path()).expect("lock");
        assert!(first.alone());
        first.share().expect("share");
        let second = DirLock::acquire(dir.path()).expect("lock");
        assert!(!second.alone(), "the first still holds it");
        drop(first);
        drop(second);
        assert!(DirLock::acquire(dir.path()).expect("lock").alone());
    }
}
