//! Why a piece of background work of the TUI failed, typed so a handler can tell the cases
//! apart and the text on screen stays what the error says.

use std::path::PathBuf;
use std::process::ExitStatus;

/// A directory the upload form wanted to list cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", dir.display())]
pub struct DirListError {
    pub dir: PathBuf,
    pub source: std::io::Error,
}

/// Why no thumbnail is drawn for an asset.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ThumbError {
    /// The terminal draws no pixels, or there is no HTTP client for thumbnails.
    #[error("thumbnails are off")]
    Off,
    /// The request failed before an answer (the text leaves the signed URL out).
    #[error("{0}")]
    Fetch(String),
    /// The server answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// The file is over the size a thumbnail may have.
    #[error("the thumbnail file is too large")]
    TooLarge,
    /// The bytes are not an image the decoder reads.
    #[error("{0}")]
    Decode(String),
    /// The image cannot be encoded for the terminal's graphics protocol.
    #[error("{0}")]
    Encode(String),
    /// The decode or encode task panicked or was cancelled.
    #[error("{0}")]
    Task(String),
}

/// Why a copy did not reach the clipboard.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The OSC 52 sequence could not be written to the terminal.
    #[error("cannot write to the terminal: {0}")]
    Terminal(std::io::Error),
    /// The clipboard program is missing or failed.
    #[error("{program}: {source}")]
    Tool {
        program: &'static str,
        source: std::io::Error,
    },
}

/// Why a player or browser did not open a URL.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The configured command is empty.
    #[error("empty command")]
    EmptyCommand,
    /// The program could not be started (or waited for).
    #[error("{program}: {source}")]
    Spawn { program: String, source: std::io::Error },
    /// The program exited at once with an error: it opened nothing.
    #[error("{program} exited with {status}")]
    Exited { program: String, status: ExitStatus },
    /// The system opener failed.
    #[error("{0}")]
    Opener(String),
    /// Nothing here can open it (no display, over SSH …): why, shown with the URL.
    #[error("{0}")]
    NoLauncher(String),
}

/// Why a part of the screen read from the API (a detail section, the index picker's list) could
/// not be read: the API's code and message, shown where the part would be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct SectionError {
    pub code: String,
    pub message: String,
}

impl From<&crate::api::ApiError> for SectionError {
    fn from(err: &crate::api::ApiError) -> Self {
        Self {
            code: err.code().to_string(),
            message: err.message(),
        }
    }
}
