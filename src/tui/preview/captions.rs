//! Lines said over time, set on an open preview so the line at the cursor's time shows under the
//! grid. Where they come from is not this folder's business: anything that has timed text sets
//! them with [`crate::tui::App::set_preview_captions`].

/// One line said from `start` to `end` seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

/// The line being said at `at` seconds: the one whose span holds it, else none. When spans
/// overlap the one that started last wins (it is the newer line on screen).
pub fn line_at(captions: &[Caption], at: f64) -> Option<&Caption> {
    captions
        .iter()
        .filter(|c| c.start <= at && at < c.end.max(c.start))
        .max_by(|a, b| a.start.total_cmp(&b.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_whose_span_holds_the_time() {
        let c = |s: f64, e: f64, t: &str| Caption {
            start: s,
            end: e,
            text: t.into(),
        };
        let lines = vec![c(0.0, 5.0, "one"), c(4.0, 9.0, "two"), c(20.0, 10.0, "bad")];
        assert_eq!(line_at(&lines, 1.0).map(|l| l.text.as_str()), Some("one"));
        assert_eq!(line_at(&lines, 4.5).map(|l| l.text.as_str()), Some("two"));
        assert_eq!(line_at(&lines, 12.0), None);
        assert_eq!(line_at(&lines, 20.0), None);
    }
}
