//! `n` in the index picker: a small form (the name, the model's options) that creates an index;
//! the picker then comes back with the new index highlighted, so Enter sends to it.

pub(super) mod flow;
pub(super) mod form;
pub(super) mod view;
