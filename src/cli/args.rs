//! The command line: global options and one struct per command.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::serve_settings::{self, FaultSpec, RateLimitSetting};

/// A terminal UI and command line for TwelveLabs media assets.
///
/// With no command it opens the terminal UI. Without an API key (and without --base-url) every
/// command uses the embedded local platform, an offline server of the same API.
#[derive(Debug, Parser)]
#[command(name = "tl-assets", version, about, long_about)]
pub struct Cli {
    /// API key of the service (sent as x-api-key).
    #[arg(long, env = "TWELVE_LABS_API_KEY", global = true, hide_env_values = true)]
    pub api_key: Option<String>,
    /// Base URL of the service [default: https://api.twelvelabs.io/v1.3 when a key is set].
    #[arg(long, env = "TWELVE_LABS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Use the embedded local platform even if a key is set.
    #[arg(long, global = true)]
    pub local: bool,
    /// Data directory of the local platform [default: the OS data dir, e.g. ~/.local/share/tl-assets/platform].
    #[arg(long, env = "TL_ASSETS_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Refuse every write (upload, delete, metadata changes).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Log at debug level (to the log file; never to the terminal while the UI runs).
    #[arg(long, global = true)]
    pub debug: bool,
    /// Benchmarks only: leave the UI right after the first frame that shows assets and write
    /// the time since start to this file.
    #[arg(long, hide = true, value_name = "FILE")]
    pub bench_first_frame: Option<PathBuf>,
    /// Config file [default: config.toml in the OS config dir, e.g. ~/.config/tl-assets/].
    #[arg(long, env = "TL_ASSETS_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Profile of the config file to use [default: its default_profile].
    #[arg(long, env = "TL_ASSETS_PROFILE", global = true)]
    pub profile: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The one-shot commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List assets, newest first.
    List(ListArgs),
    /// Show one asset.
    Get(GetArgs),
    /// Upload a local file or a URL, then wait until it is ready.
    Upload(UploadArgs),
    /// Delete one or more assets (asks first on a terminal).
    Delete(DeleteArgs),
    /// Show or change the user metadata of one or more assets.
    Meta(MetaArgs),
    /// List unfinished multipart uploads: the service's sessions and those resumable from here.
    Uploads(UploadsArgs),
    /// Show what this command line sees: service, key (set or not), reachability, paths, tools.
    Doctor(DoctorArgs),
    /// List the indexes: name, id, models, asset count, created.
    Indexes(super::IndexesArgs),
    /// Send assets to an index (by id or name) to be indexed.
    Index(super::IndexArgs),
    /// Show the indexes and entities that use an asset.
    UsedBy(super::UsedByArgs),
    /// Print the transcript of a video or audio asset (as text, SRT, WebVTT or JSON).
    Transcript(TranscriptArgs),
    /// Print a shell completion script (e.g. `tl-assets completions bash > ~/.bash_completion.d/tl-assets`).
    Completions(CompletionsArgs),
    /// Run the local platform as a server (its first stdout line holds its base URL).
    Serve(ServeArgs),
}

/// `list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Page to show (1-based).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub page: u32,
    /// Assets per page (1–50).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub page_limit: u32,
    /// Every page, not just one.
    #[arg(long)]
    pub all: bool,
    /// Only assets of this type (repeatable: video, audio, image, document).
    #[arg(long = "type", value_name = "TYPE", value_parser = ["video", "audio", "image", "document"])]
    pub types: Vec<String>,
    /// Only assets whose filename contains this text (case-insensitive).
    #[arg(long)]
    pub filename: Option<String>,
    /// Only these asset ids (repeatable).
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
    /// Print the API's JSON (an array of assets).
    #[arg(long)]
    pub json: bool,
}

/// `get`
#[derive(Debug, Args)]
pub struct GetArgs {
    /// Asset id.
    pub id: String,
    /// Print the API's JSON.
    #[arg(long)]
    pub json: bool,
}

/// `upload`
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// Local files, directories (walked; files that are not video, audio, image or document are skipped
    /// and named), globs (`clips/*.mp4`), or one http(s) URL the service fetches itself.
    #[arg(value_name = "PATH|URL", required_unless_present = "resume", value_parser = upload_source)]
    pub sources: Vec<String>,
    /// With several files: skip a file when an asset with the same filename and size exists.
    #[arg(long)]
    pub skip_existing: bool,
    /// With several files: how many send at once (a file waiting for `ready` holds no slot).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub jobs: u16,
    /// Name to store instead of the file's own.
    #[arg(long)]
    pub filename: Option<String>,
    /// Generate an HLS playlist for video and audio (the default; `--no-hls` turns it off).
    #[arg(long, overrides_with = "no_hls")]
    pub hls: bool,
    /// Do not generate an HLS playlist.
    #[arg(long, overrides_with = "hls")]
    pub no_hls: bool,
    /// Generate a thumbnail (the default; `--no-thumbnail` turns it off).
    #[arg(long, overrides_with = "no_thumbnail")]
    pub thumbnail: bool,
    /// Do not generate a thumbnail.
    #[arg(long, overrides_with = "thumbnail")]
    pub no_thumbnail: bool,
    /// User metadata: `key=value` pairs separated by commas (numbers and true/false typed,
    /// quotes force text), or a flat JSON object, e.g. '{"project":"harbor","take":3}'.
    #[arg(long, value_name = "K=V,…")]
    pub metadata: Option<String>,
    /// Upload in chunks through a multipart session (automatic above the direct limit).
    #[arg(long)]
    pub multipart: bool,
    /// Finish an interrupted multipart upload: of SOURCE, or of the upload id given here.
    #[arg(long, value_name = "UPLOAD_ID", num_args = 0..=1, default_missing_value = "")]
    pub resume: Option<String>,
    /// Chunks in flight at once during a multipart upload.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
    /// Check every chunk's ETag against the MD5 of its bytes, even over HTTPS or loopback
    /// (where transport corruption cannot go unnoticed, so it is skipped by default).
    #[arg(long)]
    pub verify_chunks: bool,
    /// Seconds between two status checks while waiting [default: 5, or 0.25 on a local platform].
    #[arg(long, value_name = "SECS")]
    pub poll_interval: Option<f64>,
    /// Give up waiting for `ready` after this many seconds (the asset keeps processing).
    #[arg(long, value_name = "SECS", default_value_t = 1800.0)]
    pub timeout: f64,
    /// Return as soon as the asset is created, without waiting for `ready`.
    #[arg(long)]
    pub no_wait: bool,
    /// Print the API's JSON of the asset.
    #[arg(long)]
    pub json: bool,
}

impl UploadArgs {
    /// The one source given, if exactly one was.
    pub fn source(&self) -> Option<&str> {
        match self.sources.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Whether HLS is asked for: `--no-hls` / `--hls` (the last one wins), else the shared default.
    pub fn wants_hls(&self) -> bool {
        !self.no_hls && (self.hls || crate::api::DEFAULT_ENABLE_HLS)
    }

    /// Whether a thumbnail is asked for, as [`Self::wants_hls`].
    pub fn wants_thumbnail(&self) -> bool {
        !self.no_thumbnail && (self.thumbnail || crate::api::DEFAULT_ENABLE_THUMBNAIL)
    }

    /// True when the sources name a batch: several, a directory, or a glob.
    pub fn is_batch(&self) -> bool {
        match self.sources.as_slice() {
            [] => false,
            [one] if one.contains("://") => false,
            [one] => {
                std::path::Path::new(one).is_dir()
                    || one.contains(['*', '?', '[']) && !std::path::Path::new(one).exists()
            }
            _ => true,
        }
    }
}

/// An upload source: a path, or a URL the service can fetch. `ftp://…` and other schemes would
/// otherwise be taken for a file name that does not exist.
fn upload_source(arg: &str) -> Result<String, String> {
    match arg.split_once("://") {
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !matches!(scheme, "http" | "https") =>
        {
            Err(format!(
                "{scheme}:// URLs are not accepted: only http:// and https:// URLs (or a local file path)"
            ))
        }
        _ => Ok(arg.to_string()),
    }
}

/// `meta`
#[derive(Debug, Args)]
pub struct MetaArgs {
    /// Asset ids (one or more; each gets the same change).
    #[arg(required = true, num_args = 1..)]
    pub ids: Vec<String>,
    /// Set a key (repeatable). Values: integers, decimals, true/false, anything else a string.
    #[arg(long, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Remove a key (repeatable).
    #[arg(long, value_name = "KEY", conflicts_with = "replace")]
    pub unset: Vec<String>,
    /// Replace the whole set with the --set pairs (keys not given are removed).
    #[arg(long)]
    pub replace: bool,
    /// Remove every key.
    #[arg(long, conflicts_with_all = ["set", "unset", "replace"])]
    pub clear: bool,
    /// Print the metadata as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `uploads`
#[derive(Debug, Args)]
pub struct UploadsArgs {
    /// Forget the local resume state of this upload id (the service's session just expires).
    #[arg(long, value_name = "UPLOAD_ID")]
    pub forget: Option<String>,
    /// Print JSON: one object per upload.
    #[arg(long)]
    pub json: bool,
}

/// `transcript`
#[derive(Debug, Args)]
pub struct TranscriptArgs {
    /// Asset id.
    pub id: String,
    /// The lists to ask for, comma-separated: words, sentences, utterances.
    #[arg(long, value_delimiter = ',', default_value = "sentences", value_name = "LISTS",
          value_parser = ["words", "sentences", "utterances"])]
    pub include: Vec<String>,
    /// How to print it: `[0:01.2 → 0:03.4] line` text, SRT or WebVTT cues, or the API's JSON.
    #[arg(long, value_enum, default_value_t = TranscriptFormat::Text)]
    pub format: TranscriptFormat,
    /// Print the API's JSON (the same as `--format json`).
    #[arg(long)]
    pub json: bool,
}

/// The forms `transcript` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TranscriptFormat {
    Text,
    Srt,
    Vtt,
    Json,
}

/// `doctor`
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// `delete`
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Asset ids (one or more).
    #[arg(required = true, num_args = 1..)]
    pub ids: Vec<String>,
    /// Delete even if indexed assets reference them (those indexed assets are removed too).
    #[arg(long)]
    pub force: bool,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    pub yes: bool,
}

/// `serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Anything but loopback exposes your assets to the network.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Seconds from upload to `ready` (processing is simulated after real probing).
    #[arg(long, default_value = "1", value_name = "SECONDS", value_parser = serve_settings::parse_seconds)]
    pub processing_delay: Duration,
    /// Import the sample media on first start of this data dir.
    #[arg(long)]
    pub seed_samples: bool,
    /// Per-key limit on `POST /assets`, e.g. `60/min`, `10/s`; `off` disables it.
    #[arg(long, default_value = "60/min", value_name = "LIMIT")]
    pub rate_limit: RateLimitSetting,
    /// Inject faults per request, e.g. `500=0.05,429=0.03,slow=0.05:1s,drop=0.02,seed=42`.
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<FaultSpec>,
    /// Let URL uploads reach loopback and private addresses while listening beyond loopback
    /// (link-local and metadata addresses stay refused).
    #[arg(long)]
    pub allow_private_urls: bool,
}
