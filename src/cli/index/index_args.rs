//! The arguments of the commands about what an asset is part of: `indexes`, `index` (with
//! `index create` and `index delete`), `used-by`.

use clap::{Args, Subcommand};

/// `indexes`
#[derive(Debug, Args)]
pub struct IndexesArgs {
    /// Print the API's JSON (an array of indexes).
    #[arg(long)]
    pub json: bool,
}

/// `index`: sends assets (`index ASSET_ID... --into INDEX`), or makes and removes indexes
/// (`index create`, `index delete`).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct IndexArgs {
    /// Create or delete an index instead of sending assets to one.
    #[command(subcommand)]
    pub action: Option<IndexAction>,
    /// Asset ids to index (each must be ready).
    #[arg(required = true, value_name = "ASSET_ID")]
    pub asset_ids: Vec<String>,
    /// The index: its id or its name.
    #[arg(long, value_name = "INDEX", required = true)]
    pub into: Option<String>,
    /// Wait until every indexed asset is ready or failed (progress on stderr).
    #[arg(long)]
    pub wait: bool,
    /// Seconds between two status checks while waiting [default: 5, or 0.25 on a local platform].
    #[arg(long, value_name = "SECS")]
    pub poll_interval: Option<f64>,
    /// Give up waiting after this many seconds (indexing goes on).
    #[arg(long, value_name = "SECS", default_value_t = 1800.0)]
    pub timeout: f64,
    /// Print the API's JSON of the indexed asset (an array for several asset ids).
    #[arg(long)]
    pub json: bool,
}

/// `used-by`
#[derive(Debug, Args)]
pub struct UsedByArgs {
    /// Asset id.
    pub id: String,
    /// Print `{"indexes": [...], "entities": [...]}` with the API's field names.
    #[arg(long)]
    pub json: bool,
}

/// `index create` and `index delete`.
#[derive(Debug, Subcommand)]
pub enum IndexAction {
    /// Create an index (the service takes one model for new indexes: marengo3.0).
    Create(IndexCreateArgs),
    /// Delete an index and everything indexed in it (asks first on a terminal); the assets stay.
    Delete(IndexDeleteArgs),
}

/// `index create NAME`
#[derive(Debug, Args)]
pub struct IndexCreateArgs {
    /// The new index's name (not blank, not taken by another index).
    pub name: String,
    /// The model and the modalities it analyses: `marengo3.0:visual,audio` (`marengo3.0` alone
    /// means both).
    #[arg(
        long,
        value_name = "MODEL[:OPTIONS]",
        default_value = "marengo3.0:visual,audio"
    )]
    pub model: String,
    /// Print the API's JSON of the new index.
    #[arg(long)]
    pub json: bool,
}

/// `index delete ID|NAME`
#[derive(Debug, Args)]
pub struct IndexDeleteArgs {
    /// The index: its id or its name.
    #[arg(value_name = "ID|NAME")]
    pub index: String,
    /// Delete without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the API's JSON of the deleted index (as it was).
    #[arg(long)]
    pub json: bool,
}
