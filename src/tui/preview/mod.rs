//! The preview over the detail pane (`p`): a storyboard of frames for a video, a loudness strip
//! for audio, the first page large for a PDF. `state.rs` holds the grid, span, cursor and what
//! has arrived; `flow.rs` drives it from the app; `loader.rs` is the runtime half (ffmpeg, the
//! disk cache, encoding for the terminal), `view.rs` and `strip.rs` draw it, `captions.rs`
//! holds the lines said over time.

pub mod captions;
pub mod flow;
pub mod geometry;
pub mod loader;
pub mod state;
pub mod strip;
pub mod view;
