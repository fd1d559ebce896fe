//! Copying (`y`, `Y`) and opening (`o`) the selected asset: the copy menu and the URL box, the
//! keys, and their drawing.

pub(super) mod flow;
pub(super) mod menu;
pub(super) mod view;
