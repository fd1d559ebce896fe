//! The local filter's fuzzy score of one asset's name, shared by the full filter and by the
//! pages merged into a filtered list.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::api::types::Asset;

/// The local filter's fuzzy score of a name.
pub(super) struct Scorer {
    pattern: Pattern,
    matcher: Matcher,
    buf: Vec<char>,
}

impl Scorer {
    pub(super) fn new(query: &str) -> Self {
        Self {
            pattern: Pattern::parse(query, CaseMatching::Smart, Normalization::Smart),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    /// The score of the name shown (the filename, else the id); `None`: no match.
    pub(super) fn score(&mut self, a: &Asset) -> Option<u32> {
        let name = a.filename.as_deref().unwrap_or(&a.id);
        self.pattern
            .score(Utf32Str::new(name, &mut self.buf), &mut self.matcher)
    }
}
