//! Keys and paste in the metadata editor: a small multi-line text editor over one
//! `tui_input::Input` per line. Enter splits the line at the cursor, Backspace at a line's start
//! joins it to the one above (Delete at its end, to the one below), the arrows cross line ends,
//! Home/End go to the line's ends, Ctrl-Home/Ctrl-End to the text's. Control characters never
//! enter the text (a pasted tab becomes a space, a pasted line break a new line), so they never
//! reach the terminal.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;
use unicode_width::UnicodeWidthChar;

use super::editor::{EditLine, MetaEditor};
use crate::tui::input::keymap::Action;

/// What a key asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorOutcome {
    /// Handled inside the editor (or ignored).
    Nothing,
    Save,
    Leave,
}

/// The byte offset of the `n`th character of `text` (its length past the end).
fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// The character index whose column is the furthest at or before `column`.
fn char_at_column(text: &str, column: usize) -> usize {
    let mut used = 0;
    for (i, c) in text.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > column {
            return i;
        }
        used += w;
    }
    text.chars().count()
}

impl MetaEditor {
    /// Handles one key; `rows` is how many lines the box shows (for Page Up/Down).
    pub fn on_key(&mut self, ev: &KeyEvent, action: Option<Action>, rows: usize) -> EditorOutcome {
        match action {
            Some(Action::Submit) => return EditorOutcome::Save,
            Some(Action::Cancel) => return EditorOutcome::Leave,
            _ => {}
        }
        self.row = self.row.min(self.lines.len().saturating_sub(1));
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let (cursor, len) = {
            let input = &self.lines[self.row].input;
            (input.cursor(), input.value().chars().count())
        };
        let last = self.lines.len() - 1;
        match ev.code {
            KeyCode::Enter => self.split(),
            KeyCode::Backspace if cursor == 0 && self.row > 0 && ev.modifiers.is_empty() => {
                self.row -= 1;
                self.join_next();
            }
            KeyCode::Delete if cursor == len && self.row < last && ev.modifiers.is_empty() => {
                self.join_next()
            }
            KeyCode::Up => self.move_rows(-1),
            KeyCode::Down => self.move_rows(1),
            KeyCode::PageUp => self.move_rows(-(rows.max(1) as isize)),
            KeyCode::PageDown => self.move_rows(rows.max(1) as isize),
            KeyCode::Home if ctrl => self.go_to(0, 0),
            KeyCode::End if ctrl => self.go_to(last, usize::MAX),
            KeyCode::Left if cursor == 0 && self.row > 0 && !ctrl => self.go_to(self.row - 1, usize::MAX),
            KeyCode::Right if cursor == len && self.row < last && !ctrl => self.go_to(self.row + 1, 0),
            KeyCode::Char(c) if c.is_control() => {}
            KeyCode::Tab | KeyCode::BackTab => {}
            _ => {
                self.lines[self.row].input.handle_event(&Event::Key(*ev));
            }
        }
        EditorOutcome::Nothing
    }

    /// Inserts `text` at the cursor: its line breaks start new lines, tabs become spaces,
    /// other control characters are dropped.
    pub fn paste(&mut self, text: &str) {
        let clean: String = text
            .replace("\r\n", "\n")
            .chars()
            .filter_map(|c| match c {
                '\n' | '\r' => Some('\n'),
                '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        self.row = self.row.min(self.lines.len().saturating_sub(1));
        let line = &mut self.lines[self.row];
        let value = line.input.value().to_string();
        let at = byte_at(&value, line.input.cursor());
        let (head, tail) = value.split_at(at);
        let mut parts = clean.split('\n');
        let first = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        let Some((end, middle)) = rest.split_last() else {
            let before = format!("{head}{first}");
            let cursor = before.chars().count();
            line.input = Input::new(format!("{before}{tail}")).with_cursor(cursor);
            return;
        };
        line.input = Input::new(format!("{head}{first}"));
        let mut new: Vec<EditLine> = middle.iter().map(|m| EditLine::new((*m).to_string())).collect();
        let cursor = end.chars().count();
        let mut last = EditLine::new(format!("{end}{tail}"));
        last.input = last.input.with_cursor(cursor);
        new.push(last);
        let count = new.len();
        self.lines.splice(self.row + 1..self.row + 1, new);
        self.row += count;
    }

    /// Enter: the text after the cursor goes to a new line below.
    fn split(&mut self) {
        if self.lines[self.row].input.cursor() == 0 {
            // A new line above: the line moves down whole, with its meaning.
            self.lines.insert(self.row, EditLine::new(String::new()));
            self.row += 1;
            return;
        }
        let line = &mut self.lines[self.row];
        let value = line.input.value().to_string();
        let (head, tail) = value.split_at(byte_at(&value, line.input.cursor()));
        // The line keeps its origin: Enter at the end of a loaded line leaves its meaning alone.
        line.input = Input::new(head.to_string());
        let mut next = EditLine::new(tail.to_string());
        next.input = next.input.with_cursor(0);
        self.lines.insert(self.row + 1, next);
        self.row += 1;
    }

    /// Joins the line below to the cursor's line, the cursor at the seam.
    fn join_next(&mut self) {
        if self.row + 1 >= self.lines.len() {
            return;
        }
        let next = self.lines.remove(self.row + 1);
        let line = &mut self.lines[self.row];
        let value = line.input.value().to_string();
        let seam = value.chars().count();
        line.input = Input::new(format!("{value}{}", next.text())).with_cursor(seam);
    }

    /// Up/Down/Page: to another line, at the same column as far as it reaches.
    fn move_rows(&mut self, delta: isize) {
        let column = self.lines[self.row].cursor_column();
        let last = self.lines.len() as isize - 1;
        let row = (self.row as isize + delta).clamp(0, last) as usize;
        let text = self.lines[row].text().to_string();
        self.go_to(row, char_at_column(&text, column));
    }

    /// The cursor to `row`, at character `cursor` (clamped to the line).
    fn go_to(&mut self, row: usize, cursor: usize) {
        self.row = row.min(self.lines.len().saturating_sub(1));
        let input = &mut self.lines[self.row].input;
        *input = std::mem::take(input).with_cursor(cursor);
    }
}
