//! What `main` wires together, kept out of `main.rs` so it reads as a table of modes: the
//! embedded local platform and its samples ([`embedded`]), one-shot commands ([`commands`]),
//! `serve` ([`serve`]), logging ([`logging`]) and what the TUI is started with ([`tui_setup`]).
//!
//! Like `main`, this room may use every other one: it is where the local platform and the
//! client meet. Nothing else imports it.

pub mod commands;
pub mod embedded;
pub mod logging;
pub mod serve;
pub mod tui_setup;
