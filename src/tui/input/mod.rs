//! Keys to actions: the key names, the key table with its file, the action list, and the
//! dispatch that turns a key or a mouse event into what the action does to the state.

pub(super) mod action;
pub(super) mod dispatch;
pub(super) mod key;
pub(super) mod keymap;
