//! What the app tells the user besides the data: API errors (kept until dismissed), a one-line
//! info message. The rate-limit wait and the lost connection are [`super::connectivity`].

use crate::api::ApiError;

/// An error shown until dismissed, with everything the user needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What was being done (`loading assets`, `deleting harbor.mp4`).
    pub context: String,
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
    pub hint: String,
}

impl Notice {
    pub fn from_error(context: impl Into<String>, err: &ApiError) -> Self {
        Self {
            context: context.into(),
            status: err.status(),
            code: err.code().to_string(),
            message: err.message(),
            hint: err.hint().to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Notices {
    /// Oldest first; the newest is drawn, `dismiss` pops it.
    pub errors: Vec<Notice>,
    /// A short info line (cleared by the next key).
    pub flash: Option<String>,
}

/// Most errors kept; older ones are dropped so a flapping server cannot grow memory.
const MAX_ERRORS: usize = 20;

impl Notices {
    pub fn push(&mut self, notice: Notice) {
        if self.errors.last() == Some(&notice) {
            return;
        }
        self.errors.push(notice);
        if self.errors.len() > MAX_ERRORS {
            self.errors.remove(0);
        }
    }

    /// Dismisses the newest error; false when there was none.
    pub fn dismiss(&mut self) -> bool {
        self.errors.pop().is_some()
    }

    pub fn current(&self) -> Option<&Notice> {
        self.errors.last()
    }
}
