//! One page of the asset list fetched in a task, its result sent back as `Msg::PageLoaded`.

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::api::Client;
use crate::api::types::ListAssetsQuery;

use crate::tui::msg::{Msg, RequestId};

/// Fetches one page of the list in a task; its result comes back as `PageLoaded`.
pub(in crate::tui) fn fetch_page(
    client: Client,
    tx: UnboundedSender<Msg>,
    request_id: RequestId,
    query: ListAssetsQuery,
) -> AbortHandle {
    let page = query.page.unwrap_or(1);
    let task = tokio::spawn(async move {
        let result = client.list_assets(&query).await;
        let _ = tx.send(Msg::PageLoaded {
            request_id,
            page,
            result,
        });
    });
    task.abort_handle()
}
