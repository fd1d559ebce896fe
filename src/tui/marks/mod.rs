//! Marked assets, the set bulk actions work on, and the keys that mark them.

pub(super) mod flow;
pub(super) mod set;
