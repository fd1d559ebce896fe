//! A platform killed with SIGKILL while it processes an asset: the asset's processing lease
//! (two minutes, for processes sharing a data dir) belonged to the dead process, so a restart
//! that holds the data dir alone takes the asset back at once instead of leaving it
//! `processing` until the lease runs out.

use std::collections::BTreeSet;

use crate::platform_support::*;

use crate::crash_points::{Child, check_consistent, until_processed, upload};

#[tokio::test]
async fn a_kill_mid_processing_is_taken_back_by_the_restart() {
    let data = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(sample("sample-image.jpg")).expect("read");
    let mut child = Child::start(data.path(), Some("platform_process")).await;
    let id = upload(&child.base, bytes.clone(), "held.jpg")
        .await
        .expect("upload");
    // The job claimed it (its lease is taken) and stopped.
    child.stalled().await;
    child.kill().await;
    // A temp file a process that still exists would have named (pid 1): the restart holds the
    // data dir alone, so it is an orphan whatever that pid is doing.
    let stray = data.path().join("tmp").join("1.0123456789abcdef.part");
    std::fs::write(&stray, vec![0u8; 4096]).expect("stray temp file");

    let child = Child::start(data.path(), None).await;
    let base = child.base.clone();
    // Bounded well under the two-minute lease: the old code leaves it `processing` here.
    let asset = until_processed(&base, &id).await;
    assert_eq!(asset["status"], "ready", "{asset}");
    assert!(!stray.exists(), "the stray temp file was swept");
    check_consistent(data.path(), &base, &BTreeSet::from([id]), &bytes).await;
    child.kill().await;
}
