//! The work behind [`Effect::SaveMetadata`](crate::tui::effect::Effect::SaveMetadata): the write (PUT
//! or PATCH), then the asset read again so the list shows what the server keeps.

use tracing::warn;

use crate::api::Client;

use super::save_run::MetadataWrite;
use crate::tui::msg::Msg;

pub(in crate::tui) async fn save(client: Client, id: String, write: MetadataWrite) -> Msg {
    let written = match &write {
        MetadataWrite::Replace(set) => client.put_user_metadata(&id, set).await,
        MetadataWrite::Merge(changes) => client.patch_user_metadata(&id, changes).await,
    };
    let result = match written {
        Ok(()) => match client.get_asset(&id).await {
            Ok(asset) => Ok(Some(Box::new(asset))),
            Err(e) => {
                // The write went through; the app applies it to its own copy instead.
                warn!(id, error = %e, "reading the asset after its metadata write failed");
                Ok(None)
            }
        },
        Err(e) => Err(e),
    };
    Msg::MetadataSaved { id, result }
}
