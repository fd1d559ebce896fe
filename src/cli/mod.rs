//! One-shot commands (list, get, upload, delete, meta, uploads, indexes, index, used-by,
//! transcript, doctor, completions) with `--json` for scripts.
//!
//! Each command takes an [`api::Client`](crate::api::Client) and writes to stdout; errors are
//! returned as [`CliError`] and turned into an exit status by [`CliError::exit_code`]. `serve` is
//! wired in `main.rs`, since it starts the local platform, which the commands never see.
//!
//! The simple commands sit at this level, one file each; `upload/` holds `upload` and `uploads`
//! with their progress display, `index/` the commands about what an asset is part of, and
//! `output/` how anything reaches stdout or stderr.

mod args;
mod command_line;
mod completions;
mod delete;
mod doctor;
mod get;
mod index;
mod interrupt;
mod list;
mod meta;
pub mod output;
mod transcript;
mod upload;

use std::path::PathBuf;
use std::process::ExitCode;

pub use crate::resume::ResumeStore;
pub use args::{
    Cli, Command, CompletionsArgs, DeleteArgs, DoctorArgs, GetArgs, ListArgs, MetaArgs, ServeArgs,
    TranscriptArgs, TranscriptFormat, UploadArgs, UploadsArgs,
};
pub use command_line::parse as parse_command_line;
pub use completions::print as print_completions;
pub use index::index_args::{IndexArgs, IndexesArgs, UsedByArgs};
pub use interrupt::interruptible;
pub use output::report::{fail, parse_error};

use crate::api::{ApiError, Client};

/// A failed command, with the exit status it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An API or I/O error: exit 1.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A delete refused because indexed assets reference the asset: exit 3.
    #[error("{0}")]
    Referenced(ApiError),
    /// The asset was created but processing failed: exit 1 with the service's reason.
    #[error("{0}")]
    AssetFailed(String),
    /// The command was used wrongly: exit 2.
    #[error("{0}")]
    Usage(String),
    /// Anything else (output errors …): exit 1.
    #[error("{0}")]
    Other(String),
    /// The reader of stdout went away (`| head`): stop quietly, exit 0.
    #[error("output closed")]
    OutputClosed,
    /// The asset exists but has no transcript: exit 1, like the other not-found errors.
    #[error("{0}")]
    NoTranscript(String),
    /// Ctrl-C: exit 130, as shells report a command stopped by it.
    #[error("interrupted")]
    Interrupted,
    /// A failed upload and what to run next: the exit status of `error`.
    #[error("{error}")]
    Unfinished {
        error: Box<CliError>,
        next: upload::next_step::NextStep,
    },
}

impl CliError {
    /// 0 the reader closed the output, 1 API/IO error, 2 usage (an invalid id or base URL too),
    /// 3 delete refused because
    /// referenced, 130 interrupted (Ctrl-C).
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::OutputClosed => ExitCode::SUCCESS,
            // An id or URL refused before anything was sent is a mistake on the command line.
            Self::Api(ApiError::InvalidInput(_) | ApiError::InvalidSetting(_)) => ExitCode::from(2),
            Self::Api(_) | Self::AssetFailed(_) | Self::Other(_) | Self::NoTranscript(_) => ExitCode::from(1),
            Self::Usage(_) => ExitCode::from(2),
            Self::Referenced(_) => ExitCode::from(3),
            Self::Interrupted => ExitCode::from(130),
            Self::Unfinished { error, .. } => error.exit_code(),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::Other(e.to_string())
    }
}

/// What the commands know besides the client: settings and paths (never the key itself).
#[derive(Debug, Clone, Default)]
pub struct CliContext {
    /// Refuse every write.
    pub read_only: bool,
    /// The client talks to the embedded local platform.
    pub local: bool,
    /// An API key was given (for `doctor`; the key itself is never here).
    pub key_set: bool,
    /// The local platform's data directory.
    pub data_dir: Option<PathBuf>,
    /// Where multipart resume state is kept.
    pub resume_dir: Option<PathBuf>,
    /// The config file asks for every multipart chunk's ETag to be checked.
    pub verify_chunks: bool,
    /// The log file, when logging goes to one.
    pub log_file: Option<PathBuf>,
    /// Terminal, settings and config facts for `doctor` (filled only for it; never the key).
    pub environment: Vec<(String, String)>,
}

impl CliContext {
    /// The resume store, or a usage error when no directory could be found.
    pub fn resume_store(&self) -> Result<ResumeStore, CliError> {
        self.resume_dir
            .as_ref()
            .map(ResumeStore::new)
            .ok_or_else(|| CliError::Usage("no data directory for resume state: pass --data-dir".into()))
    }
}

/// Tells the user at once that a call failed and is tried again (see [`crate::api::on_retry`]).
pub fn say_retry(error: &ApiError, wait: std::time::Duration, attempt: u32, most: u32) {
    output::note(format!(
        "{}: {}: trying again in {:.1}s ({attempt} of {most})",
        error.code(),
        error.message(),
        wait.as_secs_f64()
    ));
}

/// Runs one command against `client`. `ctx.read_only` refuses writes.
pub async fn run(command: Command, client: &Client, ctx: &CliContext) -> Result<(), CliError> {
    let read_only = ctx.read_only;
    let refuse = |what: &str| CliError::Usage(format!("{what} refused: --read-only is set"));
    match command {
        Command::List(args) => list::run(client, &args).await,
        Command::Get(args) => get::run(client, &args).await,
        Command::Upload(_) if read_only => Err(refuse("upload")),
        Command::Upload(args) => upload::single::run(client, ctx, &args).await,
        Command::Delete(_) if read_only => Err(refuse("delete")),
        Command::Delete(args) => delete::run(client, &args).await,
        Command::Meta(args) => meta::run(client, &args, read_only).await,
        Command::Uploads(args) if read_only && args.forget.is_some() => Err(refuse("forgetting an upload")),
        Command::Uploads(args) => upload::uploads::run(client, ctx, &args).await,
        Command::Indexes(args) => index::indexes::run(client, &args).await,
        Command::Index(IndexArgs {
            action: Some(action), ..
        }) => index::index_admin::run(client, &action, read_only).await,
        Command::Index(_) if read_only => Err(refuse("index")),
        Command::Index(args) => index::send_to_index::run(client, &args).await,
        Command::UsedBy(args) => index::used_by::run(client, &args).await,
        Command::Transcript(args) => transcript::run(client, &args).await,
        Command::Doctor(args) => doctor::run(client, ctx, args.json).await,
        Command::Completions(args) => print_completions(args.shell),
        Command::Serve(_) => Err(CliError::Usage("serve is handled by the binary".into())),
    }
}
