//! The transcript's keys while the detail pane has focus: `/` types a search (a line like the
//! list filter's), `n`/`N` step to the next and previous matching line (scrolling the detail to
//! it), `Enter` opens the preview with its cursor at the frame nearest the line's time, one that
//! shows the line when a neighbour does (the current match, else the first transcript line on
//! screen).

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::tui::app::{App, Focus};
use crate::tui::effect::Effect;
use crate::tui::input::keymap::{Action, Key};

/// Rows kept above a match scrolled to, so the lines before it show too.
const CONTEXT_ROWS: usize = 2;

impl App {
    /// True while the transcript search line is being typed (keys go to it).
    pub fn transcript_search_typing(&self) -> bool {
        self.transcripts.search.input.is_some()
    }

    /// A transcript key in the focused detail pane; `None`: not the transcript's.
    pub(in crate::tui) fn on_transcript_key(&mut self, action: Option<Action>) -> Option<Vec<Effect>> {
        if self.focus != Focus::Detail {
            return None;
        }
        match action? {
            Action::SearchTranscript => {
                if self.shown_transcript().is_none() {
                    self.notices.flash = Some("no transcript to search here".into());
                    return Some(Vec::new());
                }
                let query = self.transcripts.search.query.clone();
                self.transcripts.search.input = Some(Input::new(query));
            }
            Action::NextMatch => self.step_match(1, false),
            Action::PrevMatch => self.step_match(-1, false),
            Action::PreviewAtLine => return Some(self.preview_at_line()),
            _ => return None,
        }
        Some(Vec::new())
    }

    /// A key while the search line is typed: Enter applies it and goes to the first match,
    /// Esc clears it, anything else edits it (the matches follow as it is typed).
    pub(in crate::tui) fn on_transcript_prompt_key(&mut self, ev: &KeyEvent, action: Option<Action>) {
        let key = Key::from_event(ev);
        let plain_char = matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt;
        let search = &mut self.transcripts.search;
        match if plain_char { None } else { action } {
            Some(Action::Submit) => {
                search.query = search
                    .input
                    .take()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default();
                search.current = None;
                if !search.query.is_empty() {
                    self.step_match(1, false);
                }
            }
            Some(Action::Cancel) => *search = super::Search::default(),
            _ => {
                if let Some(input) = &mut search.input {
                    input.handle_event(&Event::Key(*ev));
                }
                // The first match follows the text as it is typed.
                search.current = None;
                self.step_match(1, true);
            }
        }
    }

    /// The shown asset's id when it has transcript lines.
    fn shown_transcript(&self) -> Option<String> {
        let id = self.list.selected_asset()?.id.clone();
        (!self.transcripts.lines(&id).is_empty()).then_some(id)
    }

    /// Moves to the next (`delta` 1) or previous (-1) matching line, wrapping, and scrolls the
    /// detail to it; `quiet` (while typing) says nothing when there is none.
    fn step_match(&mut self, delta: isize, quiet: bool) {
        let Some(id) = self.shown_transcript() else {
            return;
        };
        let matches = self.transcripts.matches(&id);
        let search = &mut self.transcripts.search;
        let text = search.text().trim().to_string();
        if matches.is_empty() {
            search.current = None;
            if !quiet {
                self.notices.flash = Some(if text.is_empty() {
                    "no search: press / to search the transcript".into()
                } else {
                    format!("no line holds {text:?}")
                });
            }
            return;
        }
        let at = search.current.and_then(|c| matches.iter().position(|m| *m == c));
        let n = matches.len() as isize;
        let next = match at {
            Some(i) => (i as isize + delta).rem_euclid(n),
            None if delta > 0 => 0,
            None => n - 1,
        };
        let line = matches[next as usize];
        search.current = Some(line);
        if let Some(row) = crate::tui::detail::view::transcript_rows(self).get(line) {
            let top = row.saturating_sub(CONTEXT_ROWS);
            self.detail_scroll = u16::try_from(top).unwrap_or(u16::MAX);
        }
    }

    /// The line `Enter` opens the preview at: the current match, else the first on screen.
    pub fn transcript_target_line(&self) -> Option<usize> {
        let id = self.shown_transcript()?;
        if let Some(c) = self.transcripts.search.current {
            return Some(c);
        }
        let rows = crate::tui::detail::view::transcript_rows(self);
        let top = usize::from(self.detail_scroll);
        rows.iter()
            .position(|r| *r >= top)
            .or_else(|| (!rows.is_empty()).then(|| rows.len() - 1))
            .filter(|i| *i < self.transcripts.lines(&id).len())
    }

    /// `Enter`: the preview of the shown asset, its cursor at the target line's time.
    fn preview_at_line(&mut self) -> Vec<Effect> {
        let (Some(id), Some(line)) = (self.shown_transcript(), self.transcript_target_line()) else {
            self.notices.flash = Some("no transcript line here to preview".into());
            return Vec::new();
        };
        let Some((start, end)) = self.transcripts.lines(&id).get(line).map(|l| (l.start, l.end)) else {
            return Vec::new();
        };
        let effects = self.open_preview();
        if let Some(p) = &mut self.preview {
            p.cursor_on_line(start, end);
        }
        effects
    }
}
