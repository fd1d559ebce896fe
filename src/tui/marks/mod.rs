//! Marked assets, the set bulk actions work on, the keys that mark them, and how marks are drawn.

pub(super) mod flow;
pub(super) mod set;
pub(super) mod view;
