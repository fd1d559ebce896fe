//! The upload form: paths (a file, a directory, a glob, or several lines pasted) or URLs with
//! Tab completion and a small directory browser, the `enable_hls` / `enable_thumbnail` / skip
//! existing options, a filename override and metadata pairs. Checks happen before anything is
//! sent, and problems are shown next to the field; what the paths expand to is previewed
//! (`uploads/form/preview.rs`).

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::types::UserMetadata;

use super::path_text::{common_prefix, dir_text, split_for_completion, unquote};
use super::preview::FormPreview;
use crate::tui::input::keymap::{Action, Key};
use crate::tui::msg::{DirEntry, RequestId};

/// The fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Source,
    Filename,
    Hls,
    Thumbnail,
    SkipExisting,
    Metadata,
}

const FIELDS: [Field; 6] = [
    Field::Source,
    Field::Filename,
    Field::Hls,
    Field::Thumbnail,
    Field::SkipExisting,
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
    /// Skip a file when an asset with the same filename and size exists.
    pub skip_existing: bool,
    /// The lines after the first of a multi-line paste: more paths (or URLs). The field shows
    /// the first; emptying the field drops these too.
    pub more_sources: Vec<String>,
    /// What the paths expand to, asked off the UI thread.
    pub preview: FormPreview,
    pub focus: usize,
    /// Inline problem, shown under the field it concerns.
    pub error: Option<(Field, String)>,
    pub browser: Option<Browser>,
    pub listing: Option<Listing>,
    /// The list of existing assets in flight before queueing ("skip existing").
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
            enable_hls: crate::api::DEFAULT_ENABLE_HLS,
            enable_thumbnail: crate::api::DEFAULT_ENABLE_THUMBNAIL,
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
            Field::Hls | Field::Thumbnail | Field::SkipExisting => None,
        }
    }

    /// The source field as a path or URL: trimmed, without the quotes or the escaped spaces
    /// a path copied from a shell or dropped on the terminal often carries.
    pub fn source_text(&self) -> String {
        unquote(self.source.value())
    }

    /// True when the source looks like a URL rather than a path.
    pub fn is_url(&self) -> bool {
        is_url(&self.source_text())
    }

    /// Every path or URL given: the field's line, then the pasted lines after it.
    pub fn sources(&self) -> Vec<String> {
        let first = self.source_text();
        std::iter::once(first)
            .chain(self.more_sources.iter().map(|l| unquote(l)))
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// True between Enter and the queueing it waits for (the paths' expansion, the list of
    /// existing assets): Enter committed the form as it was, so nothing may change it meanwhile.
    pub fn submitting(&self) -> bool {
        self.preview.submit_when_ready || self.checking.is_some()
    }

    /// Handles a key; `action` is what the form keymap says it means.
    pub fn on_key(&mut self, ev: &KeyEvent, action: Option<Action>) -> FormOutcome {
        if self.submitting() {
            // Keys typed on after Enter would land in the field and change what is uploaded
            // (`big.mp4q`); they are dropped. Esc takes the Enter back and the form is editable.
            if action == Some(Action::Cancel) {
                self.preview.submit_when_ready = false;
                self.checking = None;
            }
            return FormOutcome::Nothing;
        }
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
            Some(Action::Toggle) if matches!(field, Field::Hls | Field::Thumbnail | Field::SkipExisting) => {
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

    /// Inserts pasted text into the focused text field. Into the path field, a paste of
    /// several lines is several paths: the first joins the field, the rest are kept beside it.
    /// Terminals (and tmux) send a pasted line break as CR, so CR, LF and CRLF all end a line.
    pub fn paste(&mut self, text: &str) {
        if self.submitting() {
            return;
        }
        let field = self.field();
        let mut lines = text.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty());
        if field == Field::Source {
            let first = lines.next().unwrap_or_default();
            self.source = Input::new(format!("{}{first}", self.source.value()));
            self.more_sources.extend(lines.map(str::to_string));
            self.browser = None;
            self.error = None;
        } else if let Some(input) = self.input_mut(field) {
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
                if self.source.value().is_empty() {
                    self.more_sources.clear();
                }
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
            Field::SkipExisting => self.skip_existing = !self.skip_existing,
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
        let sources = self.sources();
        if sources.is_empty() {
            return self.fail(
                Field::Source,
                "enter a file, a folder, a glob or an http(s) URL".to_string(),
            );
        }
        let urls = sources.iter().filter(|s| is_url(s)).count();
        if urls > 0 && urls < sources.len() {
            return self.fail(
                Field::Source,
                "these lines mix URLs and paths: upload them separately".to_string(),
            );
        }
        if let Some(e) = sources
            .iter()
            .filter(|s| is_url(s))
            .find_map(|s| reqwest::Url::parse(s).err())
        {
            return self.fail(Field::Source, format!("not a valid URL: {e}"));
        }
        if let Err(e) = parse_metadata(self.metadata.value()) {
            return self.fail(Field::Metadata, e);
        }
        if self.filename.value().chars().count() > 255 {
            return self.fail(Field::Filename, "at most 255 characters".to_string());
        }
        self.error = None;
        FormOutcome::Submit
    }

    /// Shows `msg` under `field` and moves the focus there.
    pub fn fail(&mut self, field: Field, msg: String) -> FormOutcome {
        self.focus = FIELDS.iter().position(|f| *f == field).unwrap_or(0);
        self.error = Some((field, msg));
        FormOutcome::Nothing
    }
}

/// True when `text` is an http(s) URL rather than a path.
pub fn is_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://")
}

/// Reads the form's metadata in the one grammar of user metadata (`key=value, …`, typed
/// values, `[a, b]` lists, quotes force text; see `api::parse_user_metadata`); blank is none.
pub fn parse_metadata(text: &str) -> Result<Option<UserMetadata>, String> {
    let map = crate::api::parse_user_metadata(text)?;
    Ok((!map.is_empty()).then_some(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

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
