//! `get ID`: one asset. People also see what uses it ("Indexes", "Entities"); `--json` stays the
//! API's own asset object.

use crate::api::Client;
use crate::cli::{CliError, GetArgs, index::used_by, output, output::render};

pub async fn run(client: &Client, args: &GetArgs) -> Result<(), CliError> {
    let asset = client.get_asset(&args.id).await?;
    if args.json {
        return render::print_json(&asset);
    }
    // Read independently: a service that refuses one of the two calls still shows the other.
    let (indexes, entities) = tokio::join!(client.indexes_of(&asset.id), client.entities_of(&asset.id));
    write!(
        output::stdout(),
        "{}\n{}",
        render::summary(&asset),
        used_by::section_text(&indexes, &entities)
    )
}
