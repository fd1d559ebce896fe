//! The tasks behind the upload form's many paths: the expansion of the paths on a blocking
//! thread (after a pause in typing that a newer request cancels), and the list of the assets
//! already there for "skip existing".

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::api::Client;
use crate::api::types::ListAssetsQuery;
use crate::upload_plan::{Existing, UploadPlan};

use super::planned::Planned;
use crate::tui::msg::{Msg, RequestId};

/// Expands `inputs` after `delay`; aborting the handle while it waits drops the request.
pub(in crate::tui) fn plan(
    request_id: RequestId,
    inputs: Vec<String>,
    delay: Duration,
    tx: UnboundedSender<Msg>,
) -> AbortHandle {
    tokio::spawn(async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let planned = tokio::task::spawn_blocking(move || planned(&inputs)).await;
        if let Ok(planned) = planned {
            let _ = tx.send(Msg::UploadPlanned {
                request_id,
                planned: Box::new(planned),
            });
        }
    })
    .abort_handle()
}

/// The plan of `inputs` and the canonical path of each file.
fn planned(inputs: &[String]) -> Planned {
    let plan = UploadPlan::expand(inputs);
    let keys = plan
        .files
        .iter()
        .map(|f| std::fs::canonicalize(&f.path).unwrap_or_else(|_| absolute(&f.path)))
        .collect();
    Planned { plan, keys }
}

fn absolute(path: &std::path::Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

pub(in crate::tui) fn find_existing(client: Client, request_id: RequestId, tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let result = client
            .list_all_assets(&ListAssetsQuery::default())
            .await
            .map(|assets| Existing::from_assets(&assets));
        let _ = tx.send(Msg::ExistingFound { request_id, result });
    });
}
