//! The order of the list: newest first (the server's own order), or by name, size, duration or
//! status, either way round. The API has no sort parameter, so the order is kept over the loaded
//! rows; ties keep the server's order, and assets without the field sort last both ways round.

use std::cmp::Ordering;

use crate::api::types::{Asset, AssetStatus};

/// What the list is ordered by; `s` steps through them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Newest,
    Name,
    Size,
    Duration,
    Status,
}

impl SortKey {
    fn name(self) -> &'static str {
        match self {
            Self::Newest => "date",
            Self::Name => "name",
            Self::Size => "size",
            Self::Duration => "duration",
            Self::Status => "status",
        }
    }

    /// True when the key's first order is its largest values first: the newest, the biggest
    /// and the longest are what one sorts by these to find.
    fn starts_descending(self) -> bool {
        matches!(self, Self::Newest | Self::Size | Self::Duration)
    }
}

/// A key and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SortOrder {
    pub key: SortKey,
    /// `S`: the other way round from the key's first order.
    pub reversed: bool,
}

impl SortOrder {
    /// Newest first, as the server lists: nothing to sort.
    pub fn is_server_order(self) -> bool {
        self == Self::default()
    }

    /// `s`: the next key, in its first direction.
    pub fn next_key(self) -> Self {
        let key = match self.key {
            SortKey::Newest => SortKey::Name,
            SortKey::Name => SortKey::Size,
            SortKey::Size => SortKey::Duration,
            SortKey::Duration => SortKey::Status,
            SortKey::Status => SortKey::Newest,
        };
        Self { key, reversed: false }
    }

    /// `S`: the same key the other way round.
    pub fn flipped(self) -> Self {
        Self {
            reversed: !self.reversed,
            ..self
        }
    }

    fn descending(self) -> bool {
        self.key.starts_descending() != self.reversed
    }

    /// The title's words (`sorted by name ↑`); `None` in the server's order.
    pub fn label(self) -> Option<String> {
        if self.is_server_order() {
            return None;
        }
        let arrow = if self.descending() { '↓' } else { '↑' };
        Some(format!("sorted by {} {arrow}", self.key.name()))
    }

    /// Orders rows `a` and `b` (indices into `items`, which are in server order).
    pub fn compare(self, items: &[Asset], a: usize, b: usize) -> Ordering {
        let (Some(x), Some(y)) = (items.get(a), items.get(b)) else {
            return a.cmp(&b);
        };
        let desc = self.descending();
        let by_key = match self.key {
            SortKey::Newest if desc => return a.cmp(&b),
            SortKey::Newest => return b.cmp(&a),
            SortKey::Name => directed(name_cmp(x, y), desc),
            SortKey::Size => present_first(x.size, y.size, desc, |p, q| p.cmp(q)),
            SortKey::Duration => present_first(duration(x), duration(y), desc, f64::total_cmp),
            SortKey::Status => present_first(x.status.as_ref(), y.status.as_ref(), desc, |p, q| {
                status_rank(p)
                    .cmp(&status_rank(q))
                    .then(p.as_str().cmp(q.as_str()))
            }),
        };
        by_key.then(a.cmp(&b))
    }

    /// Sorts `rows` (indices into `items`). The name order lowers every name once rather than
    /// at each comparison.
    pub fn sort_rows(self, items: &[Asset], rows: &mut [usize]) {
        if self.key != SortKey::Name {
            rows.sort_unstable_by(|&a, &b| self.compare(items, a, b));
            return;
        }
        let lowered: Vec<(String, usize)> = rows
            .iter()
            .map(|&i| {
                (
                    items
                        .get(i)
                        .map(|a| display_name(a).to_lowercase())
                        .unwrap_or_default(),
                    i,
                )
            })
            .collect();
        let mut keyed: Vec<&(String, usize)> = lowered.iter().collect();
        let desc = self.descending();
        keyed.sort_unstable_by(|(p, a), (q, b)| {
            let exact = || match (items.get(*a), items.get(*b)) {
                (Some(x), Some(y)) => display_name(x).cmp(display_name(y)),
                _ => Ordering::Equal,
            };
            directed(p.cmp(q).then_with(exact), desc).then(a.cmp(b))
        });
        for (slot, (_, i)) in rows.iter_mut().zip(keyed) {
            *slot = *i;
        }
    }
}

fn display_name(a: &Asset) -> &str {
    a.filename.as_deref().unwrap_or(&a.id)
}

/// Names without regard to case first (`b.mp4` before `C.mp4`), then exactly.
fn name_cmp(x: &Asset, y: &Asset) -> Ordering {
    let (p, q) = (display_name(x), display_name(y));
    p.chars()
        .flat_map(char::to_lowercase)
        .cmp(q.chars().flat_map(char::to_lowercase))
        .then_with(|| p.cmp(q))
}

fn duration(a: &Asset) -> Option<f64> {
    a.duration.filter(|d| d.is_finite())
}

/// Problems first, then what is still moving, then the finished.
fn status_rank(s: &AssetStatus) -> u8 {
    match s {
        AssetStatus::Failed => 0,
        AssetStatus::Processing => 1,
        AssetStatus::Ready => 2,
        AssetStatus::Other(_) => 3,
    }
}

fn directed(o: Ordering, desc: bool) -> Ordering {
    if desc { o.reverse() } else { o }
}

/// Values in the order asked; a missing value after every present one, whichever the direction.
fn present_first<T>(x: Option<T>, y: Option<T>, desc: bool, cmp: impl Fn(&T, &T) -> Ordering) -> Ordering {
    match (x, y) {
        (Some(p), Some(q)) => directed(cmp(&p, &q), desc),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Merges `new` (sorted by `cmp`) into `target` (sorted by `cmp`); a row of `new` goes after
/// the rows of `target` it ties with. Costs a binary search per new row and one move of the
/// rows after the first insertion, in place (no new buffer), not a re-sort. Returns how many
/// new rows went before position `watch` of `target` (the selection moves down by that many).
pub fn merge_sorted(
    target: &mut Vec<usize>,
    new: &[usize],
    watch: usize,
    mut cmp: impl FnMut(usize, usize) -> Ordering,
) -> usize {
    let mut positions = Vec::with_capacity(new.len());
    let mut start = 0;
    for &n in new {
        start += target[start..].partition_point(|&t| cmp(t, n) != Ordering::Greater);
        positions.push(start);
    }
    let old_len = target.len();
    target.resize(old_len + new.len(), 0);
    // From the back: the old rows from an insertion point on move down by the new rows
    // inserted up to and including it.
    let mut end = old_len;
    for (k, (&pos, &n)) in positions.iter().zip(new).enumerate().rev() {
        target.copy_within(pos..end, pos + k + 1);
        target[pos + k] = n;
        end = pos;
    }
    positions.iter().filter(|&&p| p <= watch).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_gives_what_sorting_gives() {
        let mut target = vec![1, 3, 5, 7];
        let shift = merge_sorted(&mut target, &[0, 4, 8], 2, |a, b| a.cmp(&b));
        assert_eq!(target, vec![0, 1, 3, 4, 5, 7, 8]);
        // 0 and 4 went before 5, the row watched at position 2.
        assert_eq!(shift, 2);
        for (old, new) in [
            (vec![], vec![2, 4]),
            (vec![1, 2], vec![]),
            (vec![5, 6], vec![1, 2, 3]),
            (vec![1, 2], vec![5, 6, 7]),
            (vec![2, 2, 4, 9], vec![1, 2, 4, 4, 10]),
        ] {
            let mut merged = old.clone();
            merge_sorted(&mut merged, &new, 0, |a, b| a.cmp(&b));
            let mut sorted = [old, new].concat();
            sorted.sort_unstable();
            assert_eq!(merged, sorted);
        }
    }
}
