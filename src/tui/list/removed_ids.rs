//! The ids deleted here, kept so a stale listing cannot bring them back, and bounded so a long
//! session of deletes does not grow them for ever.

use std::collections::{HashSet, VecDeque};

/// How many deleted ids are remembered. A listing lags a delete by moments (a page in flight
/// when the delete finished, or a server whose list catches up a little later); in that time
/// far fewer deletes than this finish, so an id forgotten after this many later deletes can no
/// longer be in a listing that arrives. The cost is a few hundred kilobytes at most.
pub const REMOVED_KEPT: usize = 4096;

/// Deleted ids, oldest forgotten first once [`REMOVED_KEPT`] are kept.
#[derive(Debug, Clone, Default)]
pub struct RemovedIds {
    ids: HashSet<String>,
    order: VecDeque<String>,
}

impl RemovedIds {
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Remembers `id`, forgetting the oldest one when full.
    pub fn insert(&mut self, id: &str) {
        if !self.ids.insert(id.to_string()) {
            return;
        }
        self.order.push_back(id.to_string());
        while self.order.len() > REMOVED_KEPT {
            if let Some(old) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_ids_and_forgets_the_oldest() {
        let mut removed = RemovedIds::default();
        for i in 0..REMOVED_KEPT + 10 {
            removed.insert(&format!("a{i}"));
        }
        assert_eq!(removed.len(), REMOVED_KEPT);
        assert!(!removed.contains("a0"));
        assert!(!removed.contains("a9"));
        assert!(removed.contains("a10"));
        assert!(removed.contains(&format!("a{}", REMOVED_KEPT + 9)));
    }

    #[test]
    fn an_id_removed_twice_counts_once() {
        let mut removed = RemovedIds::default();
        removed.insert("a");
        removed.insert("a");
        assert_eq!(removed.len(), 1);
        assert!(removed.contains("a"));
    }
}
