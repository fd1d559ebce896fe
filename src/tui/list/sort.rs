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
        // The date order has the words `s` uses for it, not an arrow beside "date".
        if self.key == SortKey::Newest {
            return Some("oldest first".to_string());
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
            directed(natural_cmp(p, q).then_with(exact), desc).then(a.cmp(b))
        });
        for (slot, (_, i)) in rows.iter_mut().zip(keyed) {
            *slot = *i;
        }
    }
}

fn display_name(a: &Asset) -> &str {
    a.filename.as_deref().unwrap_or(&a.id)
}

/// Names without regard to case first (`b.mp4` before `C.mp4`), numbers in them by value
/// (`clip-9` before `clip-10`), then exactly.
fn name_cmp(x: &Asset, y: &Asset) -> Ordering {
    let (p, q) = (display_name(x), display_name(y));
    natural_cmp(&p.to_lowercase(), &q.to_lowercase()).then_with(|| p.cmp(q))
}

/// Compares two names as people read them, the way file managers list files: a run of digits
/// by the number it writes (`take-9` before `take-10`; of equal numbers, fewer leading zeros
/// first), everything else byte by byte, which for UTF-8 is code-point order.
pub fn natural_cmp(p: &str, q: &str) -> Ordering {
    let (mut a, mut b) = (p.as_bytes(), q.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (m, rest_a) = split_digits(a);
                let (n, rest_b) = split_digits(b);
                let (mv, nv) = (trim_zeros(m), trim_zeros(n));
                let o = mv
                    .len()
                    .cmp(&nv.len())
                    .then_with(|| mv.cmp(nv))
                    .then_with(|| m.len().cmp(&n.len()));
                if o != Ordering::Equal {
                    return o;
                }
                (a, b) = (rest_a, rest_b);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

/// The leading run of ASCII digits, and the rest.
fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    s.split_at(s.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    &digits[digits.iter().take_while(|&&c| c == b'0').count()..]
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
mod natural_tests {
    use super::{SortKey, SortOrder, natural_cmp};
    use crate::api::types::Asset;
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn sorting_and_merging_both_read_numbers_by_value() {
        let items: Vec<Asset> = ["Clip-10.mp4", "clip-9.mp4", "clip-100.mp4", "clip-2.mp4"]
            .iter()
            .enumerate()
            .map(|(i, name)| {
                serde_json::from_value(serde_json::json!({"_id": format!("a{i}"), "filename": name})).unwrap()
            })
            .collect();
        let order = SortOrder {
            key: SortKey::Name,
            reversed: false,
        };
        let mut rows = vec![0, 1, 2, 3];
        order.sort_rows(&items, &mut rows);
        assert_eq!(rows, [3, 1, 0, 2], "clip-2, clip-9, Clip-10, clip-100");
        // The comparison pages are merged with agrees.
        assert!(rows.windows(2).all(|w| order.compare(&items, w[0], w[1]) == Less));
    }

    #[test]
    fn numbers_in_names_compare_by_value() {
        let mut names = vec![
            "take-10.mp4",
            "take-9.mp4",
            "take-1.mp4",
            "take-09.mp4",
            "take.mp4",
            "take-100a",
            "take-100",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "take-1.mp4",
                "take-9.mp4",
                "take-09.mp4",
                "take-10.mp4",
                "take-100",
                "take-100a",
                "take.mp4"
            ]
        );
        assert_eq!(natural_cmp("a2b", "a2b"), Equal);
        assert_eq!(natural_cmp("a", "a1"), Less);
        assert_eq!(natural_cmp("b", "a99"), Greater);
        assert_eq!(natural_cmp("é1", "é01"), Less);
        // Longer than any integer type: compared as digit strings, never parsed.
        assert_eq!(
            natural_cmp("x99999999999999999999999", "x100000000000000000000000"),
            Less
        );
    }
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
