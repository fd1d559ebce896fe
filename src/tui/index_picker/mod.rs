//! The index picker (`i`): sending the selected or marked assets to an index.

pub(super) mod flow;
pub(super) mod picker;
pub(super) mod view;
