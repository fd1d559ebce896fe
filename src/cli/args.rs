//! The command line: global options and one struct per command.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// Delete an asset (asks first on a terminal).
    Delete(DeleteArgs),
    /// Run the local platform as a server (first stdout line: its base URL).
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
    /// A local file path, or an http(s) URL the service fetches itself.
    pub source: String,
    /// Name to store instead of the file's own.
    #[arg(long)]
    pub filename: Option<String>,
    /// Return as soon as the asset is created, without waiting for `ready`.
    #[arg(long)]
    pub no_wait: bool,
    /// Print the API's JSON of the asset.
    #[arg(long)]
    pub json: bool,
}

/// `delete`
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Asset id.
    pub id: String,
    /// Delete even if indexed assets reference it (they are removed too).
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
    #[arg(long, default_value_t = 1.0)]
    pub processing_delay: f64,
    /// Import the sample media on first start of this data dir.
    #[arg(long)]
    pub seed_samples: bool,
}
