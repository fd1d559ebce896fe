//! The terminal around the app: raw mode and its restoring guard, the graphics query and the
//! protocol chosen from its answer, tmux, the clipboard (OSC 52), launching programs, and what was
//! decided at start about all of these.

pub(super) mod graphics_pick;
pub(super) mod graphics_query;
pub(super) mod kitty_version;
pub mod launch;
pub mod osc52;
pub(super) mod raw_mode;
pub mod surroundings;
pub(super) mod test_faults;
pub(super) mod tmux_client;
