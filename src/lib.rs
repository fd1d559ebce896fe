//! tl-assets: a terminal UI and command line for TwelveLabs media assets, and a local platform
//! that serves the same HTTP contract offline.
//!
//! Rooms: [`api`] (the typed HTTP client), [`platform`] (the local platform), [`tui`] (the terminal
//! app), [`cli`] (one-shot commands), [`config`] (where settings come from).

#![forbid(unsafe_code)]

pub mod api;
pub mod cli;
pub mod config;
pub mod entry;
pub mod format;
pub mod frames;
pub mod http_client;
pub mod platform;
pub mod resume;
pub mod samples;
pub mod serve_settings;
pub mod terminal_env;
pub mod tui;
pub mod upload_plan;
