//! The detail pane of the selected asset: its fields, what it is part of (indexes and entities),
//! its thumbnail and its transcript (and the rows around it read ahead), each with its
//! state, its `impl App`, its tasks and its drawing.

pub(super) mod part_of;
pub(super) mod part_of_flow;
pub(super) mod part_of_tasks;
pub(super) mod part_of_view;
pub mod read_ahead;
pub(super) mod read_ahead_flow;
pub mod read_ahead_task;
pub mod settle;
pub mod thumbnail;
pub mod transcript;
pub(super) mod view;
