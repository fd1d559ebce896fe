//! The metadata editor's state: the text, one `key=value` per line typed by the one grammar
//! (`api::parse_value`: numbers, `true`/`false` and `[a, b]` lists typed, quotes force text), what each line
//! means or why it is refused, and what `Ctrl-S` would send. On one asset the lines are its whole
//! set, sent with PUT; on marked assets they are changes (`key=value` sets the key on all, `-key`
//! removes it), sent with PATCH, which merges. Pure state: the keys are `meta_editor/editing.rs`,
//! the app's side `meta_editor/flow.rs`, the drawing `meta_editor/view.rs`.

use std::collections::HashMap;

use serde_json::Value;
use tui_input::Input;

use crate::api::types::{Asset, UserMetadata};
use crate::api::{PairProblem, check_pair};
use crate::format::printable;

use super::save_run::{EditTarget, MetaRun, MetadataWrite};

/// The largest body a write may have: what the local platform takes as a JSON body (1 MiB). The
/// published API names no limit, so the editor refuses what the platform would refuse.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// `{"user_metadata":{}}`: the body around the pairs.
const BODY_FRAME: usize = 20;

/// What the lines are about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole set of one asset.
    One(EditTarget),
    /// Changes to every marked asset.
    Marked(Vec<EditTarget>),
}

/// What one line means, or why it cannot be sent.
#[derive(Debug, Clone, PartialEq)]
pub enum LineCheck {
    /// Empty or spaces only: ignored.
    Blank,
    Set(String, Value),
    /// `-key` (marks only): remove the key.
    Unset(String),
    Invalid(String),
}

/// A line as it was loaded from the asset: while its text is untouched it means exactly the
/// stored pair, even when the text cannot say it (a key with `=`, a value with a line break).
#[derive(Debug, Clone, PartialEq)]
struct Origin {
    text: String,
    key: String,
    value: Value,
}

/// One line of the text.
#[derive(Debug, Clone)]
pub struct EditLine {
    pub input: Input,
    origin: Option<Origin>,
}

impl EditLine {
    pub fn new(text: String) -> Self {
        Self {
            input: Input::new(text),
            origin: None,
        }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// The cursor's column (counted by characters, not by `Input`'s graphemes, which cost far
    /// more on a long line and give the same column for what can be typed here).
    pub fn cursor_column(&self) -> usize {
        self.text()
            .chars()
            .take(self.input.cursor())
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum()
    }

    fn loaded(key: &str, value: &Value) -> Self {
        let text = format!("{}={}", printable(key), value_text(value));
        Self {
            input: Input::new(text.clone()).with_cursor(0),
            origin: Some(Origin {
                text,
                key: key.to_string(),
                value: value.clone(),
            }),
        }
    }

    fn check(&self, marked: bool) -> LineCheck {
        let text = self.text();
        if let Some(o) = self.origin.as_ref().filter(|o| o.text == text) {
            return LineCheck::Set(o.key.clone(), o.value.clone());
        }
        check_text(text, marked)
    }
}

/// A value as the grammar reads it back (`api::value_text`: text that would read as a number,
/// a boolean, a list or quoted text is quoted); control characters are shown escaped (the
/// line's origin keeps the real value).
fn value_text(v: &Value) -> String {
    printable(&crate::api::value_text(v)).into_owned()
}

fn check_text(text: &str, marked: bool) -> LineCheck {
    let t = text.trim();
    if t.is_empty() {
        return LineCheck::Blank;
    }
    if marked && let Some(rest) = t.strip_prefix('-') {
        let key = rest.trim();
        return if key.is_empty() {
            LineCheck::Invalid("write -key to remove a key".into())
        } else if key.contains('=') {
            LineCheck::Invalid("-key removes a key: write it without =value".into())
        } else {
            LineCheck::Unset(key.to_string())
        };
    }
    // The one grammar's rule (`api::check_pair`), worded for a line of the editor.
    match check_pair(t) {
        Ok((key, value)) => LineCheck::Set(key, value),
        Err(PairProblem::EmptyKey) => LineCheck::Invalid("empty key: write key=value".into()),
        Err(PairProblem::NoEquals) if marked => {
            LineCheck::Invalid("write key=value, or -key to remove a key".into())
        }
        Err(PairProblem::NoEquals) => LineCheck::Invalid("write key=value".into()),
        Err(PairProblem::EmptyValue) => {
            // The API ignores empty text, so it would neither set nor clear the key.
            let fix = if marked { "-key removes" } else { "remove the line" };
            LineCheck::Invalid(format!("empty value: the API ignores it ({fix})"))
        }
        Err(problem @ (PairProblem::UnclosedQuote | PairProblem::EmptyItem | PairProblem::AfterQuote)) => {
            LineCheck::Invalid(problem.message().into())
        }
    }
}

/// Bytes of `"key":value` in the JSON body.
fn encoded_len(key: &str, value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut n = Count(1);
    // Writing to a counter cannot fail.
    let _ = serde_json::to_writer(&mut n, key);
    let _ = serde_json::to_writer(&mut n, value);
    n.0
}

/// The editor: its lines, the cursor, and the write in flight or just ended.
#[derive(Debug, Clone)]
pub struct MetaEditor {
    pub scope: Scope,
    /// Never empty.
    pub lines: Vec<EditLine>,
    /// The cursor's line.
    pub row: usize,
    /// The first line shown (kept so the view moves only when the cursor leaves it).
    pub scroll: usize,
    /// The texts as opened, to tell whether anything changed.
    initial: Vec<String>,
    /// The writes of the last `Ctrl-S`: running, or ended with failures (a success closes).
    pub run: Option<MetaRun>,
}

impl MetaEditor {
    /// The set of `asset`, one pair a line, the cursor on the first.
    pub fn for_asset(asset: &Asset) -> Self {
        let lines: Vec<EditLine> = asset
            .user_metadata
            .iter()
            .flatten()
            .map(|(k, v)| EditLine::loaded(k, v))
            .collect();
        Self::with(Scope::One(EditTarget::of(asset)), lines)
    }

    /// Changes for the marked `assets`, starting empty.
    pub fn for_marked(assets: &[&Asset]) -> Self {
        let targets = assets.iter().map(|a| EditTarget::of(a)).collect();
        Self::with(Scope::Marked(targets), Vec::new())
    }

    fn with(scope: Scope, mut lines: Vec<EditLine>) -> Self {
        if lines.is_empty() {
            lines.push(EditLine::new(String::new()));
        }
        let initial = lines.iter().map(|l| l.text().to_string()).collect();
        Self {
            scope,
            lines,
            row: 0,
            scroll: 0,
            initial,
            run: None,
        }
    }

    pub fn is_marked(&self) -> bool {
        matches!(self.scope, Scope::Marked(_))
    }

    /// The assets a save writes to.
    pub fn targets(&self) -> Vec<EditTarget> {
        match &self.scope {
            Scope::One(t) => vec![t.clone()],
            Scope::Marked(ts) => ts.clone(),
        }
    }

    /// The text as typed, one string a line.
    pub fn text(&self) -> Vec<&str> {
        self.lines.iter().map(EditLine::text).collect()
    }

    /// True when the text differs from what was opened.
    pub fn is_dirty(&self) -> bool {
        self.lines.len() != self.initial.len()
            || self.lines.iter().zip(&self.initial).any(|(l, i)| l.text() != i)
    }

    /// True while the writes of a save are in flight: the text is locked.
    pub fn is_saving(&self) -> bool {
        self.run.as_ref().is_some_and(|r| !r.is_over())
    }

    /// Every line's meaning or fault: a key given twice is refused after its first line, and a
    /// line that would take the body over [`MAX_BODY_BYTES`] is refused.
    pub fn checks(&self) -> Vec<LineCheck> {
        let marked = self.is_marked();
        let mut out: Vec<LineCheck> = self.lines.iter().map(|l| l.check(marked)).collect();
        let mut first_line: HashMap<String, usize> = HashMap::new();
        let mut size = BODY_FRAME;
        for (i, check) in out.iter_mut().enumerate() {
            let (key, len) = match check {
                LineCheck::Set(k, v) => (k.clone(), encoded_len(k, v)),
                LineCheck::Unset(k) => (k.clone(), encoded_len(k, &Value::Null)),
                LineCheck::Blank | LineCheck::Invalid(_) => continue,
            };
            if let Some(n) = first_line.get(&key) {
                *check = LineCheck::Invalid(format!("{:?} is already on line {}", printable(&key), n + 1));
                continue;
            }
            let len = len + usize::from(size > BODY_FRAME);
            if size + len > MAX_BODY_BYTES {
                *check = LineCheck::Invalid(format!(
                    "too long: with this line the body is {} bytes, over the {} the API takes",
                    size + len,
                    MAX_BODY_BYTES
                ));
                continue;
            }
            first_line.insert(key, i);
            size += len;
        }
        out
    }

    /// What `Ctrl-S` sends, or why nothing can be sent (the first invalid line).
    pub fn write(&self) -> Result<MetadataWrite, String> {
        let checks = self.checks();
        let invalid: Vec<(usize, &String)> = checks
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                LineCheck::Invalid(why) => Some((i, why)),
                _ => None,
            })
            .collect();
        if let Some((line, why)) = invalid.first() {
            let count = match invalid.len() {
                1 => String::new(),
                n => format!("{n} invalid lines; "),
            };
            return Err(format!("not saved: {count}line {}: {why}", line + 1));
        }
        let mut map = UserMetadata::new();
        for c in checks {
            match c {
                LineCheck::Set(k, v) => {
                    map.insert(k, v);
                }
                LineCheck::Unset(k) => {
                    map.insert(k, Value::Null);
                }
                LineCheck::Blank | LineCheck::Invalid(_) => {}
            }
        }
        match self.scope {
            Scope::One(_) => Ok(MetadataWrite::Replace(map)),
            Scope::Marked(_) if map.is_empty() => {
                Err("nothing to apply: type key=value to set a key, -key to remove one".into())
            }
            Scope::Marked(_) => Ok(MetadataWrite::Merge(map)),
        }
    }

    /// The first line to show in `rows` rows so the cursor's line shows whole, moving the
    /// window as little as possible; a line refused takes a second row for its reason.
    pub fn window(&self, rows: usize, checks: &[LineCheck]) -> usize {
        let height = |i: usize| 1 + usize::from(matches!(checks.get(i), Some(LineCheck::Invalid(_))));
        let row = self.row.min(self.lines.len().saturating_sub(1));
        let mut first = self.scroll.min(row);
        // Move down until the rows from `first` through the cursor's line fit.
        while first < row && (first..=row).map(height).sum::<usize>() > rows.max(1) {
            first += 1;
        }
        first
    }
}
