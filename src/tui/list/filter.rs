//! The local filter over the loaded assets: fuzzy over the names shown, or `id:` for ids. The
//! score of one name is shared by the full filter and by the pages merged into a filtered list.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::api::types::Asset;

use super::asset_list::AssetList;

/// Characters with a meaning in a filter pattern (negation, anchors, exact match, escape); a
/// query holding one may match more rows as it grows, so it is always matched against every row.
const PATTERN_SYNTAX: [char; 5] = ['!', '^', '$', '\'', '\\'];

/// The filter prefix that matches ids instead of names.
pub const ID_PREFIX: &str = "id:";

/// The id part of a local filter that asks for ids (`id:66b1`).
pub(in crate::tui) fn id_query(text: &str) -> Option<&str> {
    text.strip_prefix(ID_PREFIX)
}

/// The local filter's fuzzy score of a name.
pub(in crate::tui) struct Scorer {
    pattern: Pattern,
    matcher: Matcher,
    buf: Vec<char>,
}

impl Scorer {
    pub(in crate::tui) fn new(query: &str) -> Self {
        Self {
            pattern: Pattern::parse(query, CaseMatching::Smart, Normalization::Smart),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    /// The score of the name shown (the filename, else the id); `None`: no match.
    pub(in crate::tui) fn score(&mut self, a: &Asset) -> Option<u32> {
        let name = a.filename.as_deref().unwrap_or(&a.id);
        self.pattern
            .score(Utf32Str::new(name, &mut self.buf), &mut self.matcher)
    }
}

impl AssetList {
    /// Sets the local filter text and recomputes the visible rows. Typing on (the text extends
    /// the previous one) only rescores the rows that matched before, since a longer plain query
    /// matches a subset of what its prefix matched; the rows of the shorter query are kept, so
    /// erasing back to it (backspace) costs nothing.
    pub fn set_local_filter(&mut self, text: &str) {
        let keep = self.selected_id();
        let narrows = !self.local_filter.is_empty()
            && id_query(text).is_some() == id_query(&self.local_filter).is_some()
            && text.len() > self.local_filter.len()
            && text.starts_with(self.local_filter.as_str())
            && !text.contains(PATTERN_SYNTAX);
        // Only the queries on the way to this one stay useful (the last may be this one).
        let on_the_way = |(q, _): &&(String, Vec<usize>)| text.starts_with(q.as_str());
        self.earlier
            .truncate(self.earlier.iter().take_while(on_the_way).count());
        let previous = std::mem::replace(&mut self.local_filter, text.to_string());
        if narrows {
            let candidates = std::mem::take(&mut self.visible);
            self.visible = self.fuzzy(candidates.iter().copied());
            self.earlier.push((previous, candidates));
        } else if let Some((_, rows)) = self.earlier.pop_if(|(q, _)| q == text) {
            self.visible = rows;
        } else {
            self.refilter();
        }
        self.selected = 0;
        if text.is_empty()
            && let Some(id) = keep
        {
            self.select_id(&id);
        }
        self.clamp();
    }

    /// Recomputes `visible` from `items`, the order and the local filter: fuzzy over the names
    /// (or the ids, see [`AssetList::fuzzy`]); in the sort's order when one is chosen, else
    /// best score first, server order among equals. Never sorts: `order` already is.
    pub fn refilter(&mut self) {
        self.earlier.clear();
        let sorted = !self.sort.is_server_order();
        if sorted && self.order.len() != self.items.len() {
            // `items` was filled without the order (tests and benches fill `items`).
            self.resort();
        }
        self.visible = match (self.local_filter.is_empty(), sorted) {
            (true, true) => self.order.clone(),
            (true, false) => (0..self.items.len()).collect(),
            (false, true) => self.fuzzy(self.order.iter().copied()),
            (false, false) => self.fuzzy(0..self.items.len()),
        };
    }

    /// The indices among `candidates` that match the local filter: fuzzy over the name shown
    /// (the filename, else the id), best first; or with `id:` in front, the ids holding the
    /// rest, in server order. Ids stay out of the fuzzy match: their hex digits would match
    /// nearly any query with digits in it. With a sort chosen, the filter only picks: the
    /// matches keep the order of `candidates`.
    pub(in crate::tui) fn fuzzy(&self, candidates: impl Iterator<Item = usize>) -> Vec<usize> {
        if let Some(part) = id_query(&self.local_filter) {
            let part = part.trim().to_lowercase();
            return candidates
                .filter(|&i| {
                    self.items
                        .get(i)
                        .is_some_and(|a| a.id.to_lowercase().contains(&part))
                })
                .collect();
        }
        let mut scorer = Scorer::new(&self.local_filter);
        if !self.sort.is_server_order() {
            return candidates
                .filter(|&i| self.items.get(i).and_then(|a| scorer.score(a)).is_some())
                .collect();
        }
        let mut scored: Vec<(u32, usize)> = candidates
            .filter_map(|i| scorer.score(self.items.get(i)?).map(|s| (s, i)))
            .collect();
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_of(names: &[&str]) -> AssetList {
        let mut list = AssetList::new();
        list.items = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut a = Asset::minimal(&format!("{i:024x}"));
                a.filename = Some((*n).to_string());
                a
            })
            .collect();
        list.refilter();
        list
    }

    #[test]
    fn typing_on_narrows_to_what_a_fresh_filter_finds() {
        let names = [
            "harbour-sunset.mp4",
            "Sunset Drive.wav",
            "sun.jpg",
            "unset.mp4",
            "studio-rain.mp4",
            "SUNSET.MOV",
        ];
        let mut typed = list_of(&names);
        for query in [
            "s",
            "su",
            "sun",
            "suns",
            "sunse",
            "sunset",
            "sunset m",
            "sunset mp4",
            "sunset mp4!x",
        ] {
            typed.set_local_filter(query);
            let mut fresh = list_of(&names);
            fresh.set_local_filter(query);
            assert_eq!(typed.visible, fresh.visible, "{query:?}");
        }
        typed.set_local_filter("Su");
        let mut fresh = list_of(&names);
        fresh.set_local_filter("Su");
        assert_eq!(typed.visible, fresh.visible);
    }

    #[test]
    fn erasing_restores_what_a_fresh_filter_finds() {
        let names = [
            "harbour-sunset.mp4",
            "Sunset Drive.wav",
            "sun.jpg",
            "unset.mp4",
            "studio-rain.mp4",
            "SUNSET.MOV",
            "sunrise!.png",
        ];
        let mut typed = list_of(&names);
        // Typing, erasing, retyping, a jump to another query, pattern syntax on the way.
        let steps = [
            "s", "su", "sun", "suns", "sun", "su", "sun", "sunr", "sunri", "sunr", "sun", "su", "s", "", "u",
            "un", "uns", "un", "sun", "sun!", "sun!x", "sun!", "sun", "su", "S", "Su", "SUN", "Su", "S", "",
        ];
        for query in steps {
            typed.set_local_filter(query);
            let mut fresh = list_of(&names);
            fresh.set_local_filter(query);
            assert_eq!(typed.visible, fresh.visible, "{query:?}");
        }
        // The rows change while a query is typed: what was kept for shorter queries is stale.
        let mut more: Vec<&str> = names.to_vec();
        for query in ["s", "su", "sun"] {
            typed.set_local_filter(query);
        }
        let mut a = Asset::minimal(&format!("{:024x}", names.len()));
        a.filename = Some("sunny.mp4".into());
        typed.items.push(a);
        typed.refilter();
        more.push("sunny.mp4");
        for query in ["su", "s"] {
            typed.set_local_filter(query);
            let mut fresh = list_of(&more);
            fresh.set_local_filter(query);
            assert_eq!(typed.visible, fresh.visible, "after new rows: {query:?}");
        }
    }
}
