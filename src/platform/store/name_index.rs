//! The filename filter's in-memory index of listed names, kept current from the change log
//! that triggers write (see `db.rs`).

use memchr::memmem::Finder;
use rusqlite::Connection;

/// The listed assets' lowercased filenames, oldest first, in one buffer searched with a SIMD
/// substring search: ~1 ms over 100 000 names where SQLite's `LIKE` over the name index took
/// ~11 ms.
///
/// Kept current from `listed_changes`, the log of changed `seq`s that triggers fill whenever a
/// listed row appears, goes or changes its name or type (status and metadata changes leave it
/// alone). Read inside the transaction whose snapshot the page comes from, the log says what
/// changed since the last look, by this connection or another process on the same data dir; a
/// new upload is appended, a delete leaves a tombstone. The index is built whole (one pass over
/// the name index, ~18 ms at 100 000 rows) only the first time, after a burst of more than
/// [`MAX_APPLIED`] changes, or when the log was pruned past the last look.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    /// The `listed_changes` id seen last; `None` before the first build.
    seen: Option<i64>,
    /// Every name followed by a NUL, in `seq` order.
    text: Vec<u8>,
    /// Where each name starts in `text`.
    starts: Vec<usize>,
    /// Ascending; a removed entry may share its `seq` with the live one that replaced it.
    seqs: Vec<i64>,
    /// Index into `kind_names` per name.
    kinds: Vec<u8>,
    /// Entries deleted since the last compaction (skipped by searches).
    removed: Vec<bool>,
    removed_count: usize,
    /// The distinct `kind` values seen (`""` for none).
    kind_names: Vec<String>,
}

/// More changes than this since the last look and the index is built anew instead.
const MAX_APPLIED: i64 = 2_000;

impl NameIndex {
    /// Brings the index up to `conn`'s snapshot. Call inside the transaction whose snapshot the
    /// page's rows are read from.
    pub(crate) fn refresh(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        let (oldest, latest): (Option<i64>, Option<i64>) =
            conn.query_row("SELECT MIN(id), MAX(id) FROM listed_changes", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let latest = latest.unwrap_or(0);
        match self.seen {
            Some(seen) if seen == latest => Ok(()),
            Some(seen) if latest - seen <= MAX_APPLIED && oldest.is_some_and(|o| o <= seen + 1) => {
                self.apply(conn, seen)?;
                self.seen = Some(latest);
                Ok(())
            }
            _ => {
                self.rebuild(conn)?;
                self.seen = Some(latest);
                Ok(())
            }
        }
    }

    /// Reads every listed name.
    fn rebuild(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        *self = Self::default();
        let mut stmt = conn.prepare_cached(
            "SELECT seq, COALESCE(kind, ''), lower(filename) FROM assets INDEXED BY assets_listed_name \
             WHERE blob_ready = 1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (seq, kind, name) = (r.get(0)?, r.get_ref(1)?.as_str()?, r.get_ref(2)?.as_str()?);
            self.insert(seq, kind, name);
        }
        Ok(())
    }

    /// Re-reads the rows of every `seq` logged after `seen`.
    fn apply(&mut self, conn: &Connection, seen: i64) -> rusqlite::Result<()> {
        let changed: Vec<i64> = conn
            .prepare_cached("SELECT DISTINCT seq FROM listed_changes WHERE id > ?1")?
            .query_map([seen], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut row = conn.prepare_cached(
            "SELECT COALESCE(kind, ''), lower(filename) FROM assets WHERE seq = ?1 AND blob_ready = 1",
        )?;
        for seq in changed {
            self.remove(seq);
            let mut rows = row.query([seq])?;
            while let Some(r) = rows.next()? {
                self.insert(seq, r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?);
            }
        }
        if self.removed_count > 64 && self.removed_count > self.seqs.len() / 4 {
            self.compact();
        }
        Ok(())
    }

    /// Adds a name at its place in `seq` order: appended when newest (the usual case), else
    /// shifted in.
    fn insert(&mut self, seq: i64, kind: &str, lowered: &str) {
        let code = match self.kind_names.iter().position(|k| k == kind) {
            Some(i) => i,
            None => {
                self.kind_names.push(kind.to_string());
                self.kind_names.len() - 1
            }
        };
        let code = u8::try_from(code).unwrap_or(u8::MAX);
        // SQLite's lower() folds ASCII only; this folds the rest the same way as the needle.
        let folded;
        let name = if lowered.is_ascii() {
            lowered.as_bytes()
        } else {
            folded = lowered.to_lowercase();
            folded.as_bytes()
        };
        let at = self.seqs.partition_point(|&s| s <= seq);
        let start = self.starts.get(at).copied().unwrap_or(self.text.len());
        let added = name.len() + 1;
        if at == self.seqs.len() {
            self.text.extend_from_slice(name);
            self.text.push(0);
        } else {
            self.text.splice(start..start, name.iter().copied().chain([0]));
            for s in &mut self.starts[at..] {
                *s += added;
            }
        }
        self.starts.insert(at, start);
        self.seqs.insert(at, seq);
        self.kinds.insert(at, code);
        self.removed.insert(at, false);
    }

    /// Marks the live entry of `seq`, if any, as removed.
    fn remove(&mut self, seq: i64) {
        let from = self.seqs.partition_point(|&s| s < seq);
        let to = self.seqs.partition_point(|&s| s <= seq);
        for i in from..to {
            if !self.removed[i] {
                self.removed[i] = true;
                self.removed_count += 1;
            }
        }
    }

    /// Drops the removed entries.
    fn compact(&mut self) {
        let old = std::mem::take(self);
        self.seen = old.seen;
        self.kind_names = old.kind_names;
        for i in (0..old.seqs.len()).filter(|&i| !old.removed[i]) {
            let end = old.starts.get(i + 1).map_or(old.text.len(), |&e| e);
            self.starts.push(self.text.len());
            self.text.extend_from_slice(&old.text[old.starts[i]..end]);
            self.seqs.push(old.seqs[i]);
            self.kinds.push(old.kinds[i]);
            self.removed.push(false);
        }
    }

    /// The entry whose name holds byte `at` of `text`, at or after entry `from` (whose name
    /// starts at or before `at`). Hits come in order, so this gallops from the last one instead
    /// of a binary search over all names per hit (which missed the cache on every step).
    fn name_at(&self, at: usize, from: usize) -> usize {
        let (mut lo, mut step) = (from, 1);
        let mut hi = from + 1;
        while hi < self.starts.len() && self.starts[hi] <= at {
            lo = hi;
            step *= 2;
            hi = from + step;
        }
        let hi = hi.min(self.starts.len());
        lo + self.starts[lo..hi].partition_point(|&s| s <= at) - 1
    }

    /// The `seq`s of the page (`limit` after `offset`, newest first) of names holding `needle`
    /// (any case) whose kind is one of `kinds` (any if empty), and the number of such names.
    pub(crate) fn search(&self, needle: &str, kinds: &[String], offset: i64, limit: i64) -> (Vec<i64>, u64) {
        let wanted: Vec<usize> = kinds
            .iter()
            .filter_map(|k| self.kind_names.iter().position(|n| n == k))
            .collect();
        if !kinds.is_empty() && wanted.is_empty() {
            return (Vec::new(), 0);
        }
        // Hits come oldest first (the forward search is the fast one); the page counts from the end.
        let mut hits: Vec<usize> = Vec::new();
        let mut hit = |i: usize| {
            if !self.removed[i] && (wanted.is_empty() || wanted.contains(&usize::from(self.kinds[i]))) {
                hits.push(i);
            }
        };
        let needle = needle.to_lowercase();
        let finder = Finder::new(&needle);
        if needle.contains('\0') {
            // Could straddle two names in `text`: look at each name alone.
            for i in 0..self.starts.len() {
                let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e) - 1;
                if finder.find(&self.text[self.starts[i]..end]).is_some() {
                    hit(i);
                }
            }
        } else {
            let (mut pos, mut i) = (0, 0);
            while let Some(at) = finder.find(&self.text[pos..]).map(|h| pos + h) {
                i = self.name_at(at, i);
                hit(i);
                // One hit per name: go on from the next one.
                pos = self.starts.get(i + 1).map_or(self.text.len(), |&s| s);
            }
        }
        let total = hits.len();
        let skip = usize::try_from(offset).unwrap_or(usize::MAX).min(total);
        let take = usize::try_from(limit).unwrap_or(0);
        let newest = total - skip;
        let page = hits[newest.saturating_sub(take)..newest]
            .iter()
            .rev()
            .map(|&i| self.seqs[i])
            .collect();
        (page, total as u64)
    }
}

#[cfg(test)]
#[path = "name_index_tests.rs"]
mod tests;
