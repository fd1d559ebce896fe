//! The upload form: a path or URL with Tab completion and a small directory browser, the
//! `enable_hls` / `enable_thumbnail` options, a filename override and metadata pairs. Checks
//! happen before anything is sent, and problems are shown next to the field.

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::types::UserMetadata;

use super::keymap::{Action, Key};
use super::msg::{DirEntry, RequestId};

/// The fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Source,
    Filename,
    Hls,
    Thumbnail,
    Metadata,
}

const FIELDS: [Field; 5] = [
    Field::Source,
    Field::Filename,
    Field::Hls,
    Field::Thumbnail,
    Field::Metadata,
];

/// Directory entries shown under the path field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Browser {
    pub dir: PathBuf,
    pub entries: Vec<DirEntry>,
    pub selected: usize,
}

/// A directory listing in flight, and what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub request_id: RequestId,
    /// Completion: keep entries starting with this; `None` means browse (show all).
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct UploadForm {
    pub source: Input,
    pub filename: Input,
    pub metadata: Input,
    pub enable_hls: bool,
    pub enable_thumbnail: bool,
    pub focus: usize,
    /// Inline problem, shown under the field it concerns.
    pub error: Option<(Field, String)>,
    pub browser: Option<Browser>,
    pub listing: Option<Listing>,
    /// A file check in flight before sending.
    pub checking: Option<RequestId>,
}

/// What a key in the form asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Nothing,
    Close,
    /// List a directory (completion when `prefix` is set, browsing otherwise).
    List {
        dir: PathBuf,
        prefix: Option<String>,
    },
    /// The form is valid so far; check the file (or go ahead for a URL).
    Submit,
}

impl UploadForm {
    pub fn new() -> Self {
        Self {
            enable_thumbnail: true,
            ..Self::default()
        }
    }

    pub fn field(&self) -> Field {
        FIELDS[self.focus.min(FIELDS.len() - 1)]
    }

    fn input_mut(&mut self, field: Field) -> Option<&mut Input> {
        match field {
            Field::Source => Some(&mut self.source),
            Field::Filename => Some(&mut self.filename),
            Field::Metadata => Some(&mut self.metadata),
            Field::Hls | Field::Thumbnail => None,
        }
    }

    /// The source field as a path or URL: trimmed, without the quotes or the escaped spaces
    /// a path copied from a shell or dropped on the terminal often carries.
    pub fn source_text(&self) -> String {
        unquote(self.source.value())
    }

    /// True when the source looks like a URL rather than a path.
    pub fn is_url(&self) -> bool {
        let s = self.source_text();
        s.starts_with("http://") || s.starts_with("https://")
    }

    /// Handles a key; `action` is what the form keymap says it means.
    pub fn on_key(&mut self, ev: &KeyEvent, action: Option<Action>) -> FormOutcome {
        let key = Key::from_event(ev);
        let field = self.field();
        let plain_char = matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt;
        if plain_char && self.input_mut(field).is_some() && self.browser.is_none() {
            self.edit(field, ev);
            return FormOutcome::Nothing;
        }
        match action {
            Some(Action::Cancel) if self.browser.is_some() => {
                self.browser = None;
                FormOutcome::Nothing
            }
            Some(Action::Cancel) => FormOutcome::Close,
            Some(Action::NextField) => self.step(1),
            Some(Action::PrevField) => self.step(-1),
            Some(Action::Complete) if field == Field::Source && !self.is_url() => {
                let (dir, prefix) = split_for_completion(self.source.value());
                FormOutcome::List {
                    dir,
                    prefix: Some(prefix),
                }
            }
            Some(Action::Complete) => self.step(1),
            Some(Action::Toggle) if matches!(field, Field::Hls | Field::Thumbnail) => {
                self.toggle(field);
                FormOutcome::Nothing
            }
            Some(Action::Browse) => {
                self.focus = 0;
                let (dir, _) = split_for_completion(self.source.value());
                FormOutcome::List { dir, prefix: None }
            }
            Some(Action::Submit) if self.browser.is_some() => self.pick(),
            Some(Action::Submit) => self.validate(),
            _ if self.input_mut(field).is_some() => {
                self.edit(field, ev);
                FormOutcome::Nothing
            }
            _ => FormOutcome::Nothing,
        }
    }

    /// Inserts pasted text into the focused text field.
    pub fn paste(&mut self, text: &str) {
        let field = self.field();
        if let Some(input) = self.input_mut(field) {
            let value = format!("{}{}", input.value(), text.trim_end_matches(['\n', '\r']));
            *input = Input::new(value);
            self.error = None;
        }
    }

    fn edit(&mut self, field: Field, ev: &KeyEvent) {
        if let Some(input) = self.input_mut(field) {
            input.handle_event(&Event::Key(*ev));
            if field == Field::Source {
                self.browser = None;
            }
            if self.error.as_ref().is_some_and(|(f, _)| *f == field) {
                self.error = None;
            }
        }
    }

    fn toggle(&mut self, field: Field) {
        match field {
            Field::Hls => self.enable_hls = !self.enable_hls,
            Field::Thumbnail => self.enable_thumbnail = !self.enable_thumbnail,
            _ => {}
        }
    }

    fn step(&mut self, delta: isize) -> FormOutcome {
        if let Some(b) = &mut self.browser {
            let last = b.entries.len().saturating_sub(1) as isize;
            b.selected = (b.selected as isize + delta).clamp(0, last.max(0)) as usize;
        } else {
            let n = FIELDS.len() as isize;
            self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        }
        FormOutcome::Nothing
    }

    /// Enter in the browser: descend into a directory, or take a file.
    fn pick(&mut self) -> FormOutcome {
        let Some(b) = self.browser.take() else {
            return FormOutcome::Nothing;
        };
        let Some(entry) = b.entries.get(b.selected) else {
            return FormOutcome::Nothing;
        };
        let path = if entry.name == ".." {
            b.dir.parent().map_or_else(|| b.dir.clone(), Path::to_path_buf)
        } else {
            b.dir.join(&entry.name)
        };
        let mut text = path.to_string_lossy().into_owned();
        if entry.is_dir {
            if !text.ends_with('/') {
                text.push('/');
            }
            self.source = Input::new(text);
            return FormOutcome::List {
                dir: path,
                prefix: None,
            };
        }
        self.source = Input::new(text);
        FormOutcome::Nothing
    }

    /// Applies a directory listing: completes the path or fills the browser.
    pub fn listed(&mut self, dir: PathBuf, entries: Vec<DirEntry>) {
        let Some(listing) = self.listing.take() else {
            return;
        };
        let Some(prefix) = listing.prefix else {
            let mut all = vec![DirEntry {
                name: "..".to_string(),
                is_dir: true,
            }];
            all.extend(entries);
            self.browser = Some(Browser {
                dir,
                entries: all,
                selected: 0,
            });
            return;
        };
        let show_hidden = prefix.starts_with('.');
        let matches: Vec<DirEntry> = entries
            .into_iter()
            .filter(|e| e.name.starts_with(&prefix) && (show_hidden || !e.name.starts_with('.')))
            .collect();
        let base = dir_text(self.source.value());
        match matches.as_slice() {
            [] => self.error = Some((Field::Source, format!("nothing here starts with {prefix:?}"))),
            [one] => {
                let slash = if one.is_dir { "/" } else { "" };
                self.source = Input::new(format!("{base}{}{slash}", one.name));
                self.error = None;
            }
            many => {
                let common = common_prefix(many.iter().map(|e| e.name.as_str()));
                self.source = Input::new(format!("{base}{common}"));
                self.browser = Some(Browser {
                    dir,
                    entries: many.to_vec(),
                    selected: 0,
                });
            }
        }
    }

    /// Checks what can be checked without I/O; the file itself is checked by the app next.
    fn validate(&mut self) -> FormOutcome {
        let source = self.source_text();
        if source.is_empty() {
            self.focus = 0;
            self.error = Some((Field::Source, "enter a file path or an http(s) URL".to_string()));
            return FormOutcome::Nothing;
        }
        if self.is_url()
            && let Err(e) = reqwest::Url::parse(&source)
        {
            self.focus = 0;
            self.error = Some((Field::Source, format!("not a valid URL: {e}")));
            return FormOutcome::Nothing;
        }
        if let Err(e) = parse_metadata(self.metadata.value()) {
            self.focus = 4;
            self.error = Some((Field::Metadata, e));
            return FormOutcome::Nothing;
        }
        if self.filename.value().chars().count() > 255 {
            self.focus = 1;
            self.error = Some((Field::Filename, "at most 255 characters".to_string()));
            return FormOutcome::Nothing;
        }
        self.error = None;
        FormOutcome::Submit
    }
}

/// `text` trimmed, without one pair of surrounding quotes (`"/tmp/a b.mp4"`, `'…'`), and with
/// shell-escaped spaces (`a\ b.mp4`) unescaped when it was not quoted.
pub fn unquote(text: &str) -> String {
    let text = text.trim();
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q))
            && !inner.is_empty()
        {
            return inner.to_string();
        }
    }
    text.replace("\\ ", " ")
}

/// Splits `dir/partial` into the directory to list and the name prefix to complete.
pub fn split_for_completion(text: &str) -> (PathBuf, String) {
    if text.is_empty() {
        return (PathBuf::from("."), String::new());
    }
    if text.ends_with('/') {
        return (PathBuf::from(text), String::new());
    }
    match text.rfind('/') {
        Some(i) => (
            PathBuf::from(if i == 0 { "/" } else { &text[..i] }),
            text[i + 1..].to_string(),
        ),
        None => (PathBuf::from("."), text.to_string()),
    }
}

/// The directory part of the typed text, kept verbatim (with its trailing slash).
fn dir_text(text: &str) -> String {
    text.rfind('/')
        .map_or_else(String::new, |i| text[..=i].to_string())
}

fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut end = first.len();
    for n in names {
        end = first
            .char_indices()
            .zip(n.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

/// Reads the form's metadata in the one grammar of user metadata (`key=value, …`, typed
/// values, quotes force text; see `api::parse_user_metadata`); blank is none.
pub fn parse_metadata(text: &str) -> Result<Option<UserMetadata>, String> {
    let map = crate::api::parse_user_metadata(text)?;
    Ok((!map.is_empty()).then_some(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn pasted_paths_lose_their_quotes() {
        assert_eq!(unquote("\"/tmp/a b.mp4\""), "/tmp/a b.mp4");
        assert_eq!(unquote("  '/tmp/a b.mp4'\n"), "/tmp/a b.mp4");
        assert_eq!(unquote("/tmp/a\\ b.mp4"), "/tmp/a b.mp4");
        assert_eq!(unquote("/tmp/it's.mp4"), "/tmp/it's.mp4");
        assert_eq!(unquote("\"\""), "\"\"");
    }

    #[test]
    fn completion_split() {
        assert_eq!(
            split_for_completion("media/ha"),
            (PathBuf::from("media"), "ha".into())
        );
        assert_eq!(
            split_for_completion("media/"),
            (PathBuf::from("media/"), String::new())
        );
        assert_eq!(split_for_completion("ha"), (PathBuf::from("."), "ha".into()));
        assert_eq!(split_for_completion("/ha"), (PathBuf::from("/"), "ha".into()));
        assert_eq!(common_prefix(["harbor.mp4", "harbour.mov"].into_iter()), "harbo");
    }

    #[test]
    fn metadata_pairs_keep_types() {
        let m = parse_metadata("project=harbor, take=3, ok=true, ratio=1.5, id=\"007\"")
            .expect("parses")
            .expect("some");
        assert_eq!(m["project"], Value::from("harbor"));
        assert_eq!(m["take"], Value::from(3));
        assert_eq!(m["ok"], Value::from(true));
        assert_eq!(m["ratio"], Value::from(1.5));
        assert_eq!(m["id"], Value::from("007"));
        assert!(parse_metadata("novalue").is_err());
        assert!(parse_metadata("=x").is_err());
        assert_eq!(parse_metadata("  ").expect("empty"), None);
    }
}
