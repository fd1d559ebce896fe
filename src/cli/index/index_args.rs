//! The arguments of the commands about what an asset is part of: `indexes`, `index`, `used-by`.

use clap::Args;

/// `indexes`
#[derive(Debug, Args)]
pub struct IndexesArgs {
    /// Print the API's JSON (an array of indexes).
    #[arg(long)]
    pub json: bool,
}

/// `index`
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Asset ids to index (each must be ready).
    #[arg(required = true, value_name = "ASSET_ID")]
    pub asset_ids: Vec<String>,
    /// The index: its id or its name.
    #[arg(long, value_name = "INDEX")]
    pub into: String,
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
