//! The local fuzzy filter over many loaded names: the time of each keystroke while a query is
//! typed, then erased, as the filter prompt does it (`AssetList::set_local_filter` per key).

use std::time::Instant;

use tl_assets::tui::AssetList;

use super::common::{Samples, env_usize, print_table, rss_mib};
use super::tui::synthetic_asset;

pub fn run() -> anyhow::Result<()> {
    let n = env_usize("SCALE_ASSETS", 100_000);
    let rounds = env_usize("SCALE_FILTER_ROUNDS", 10);
    let mut list = AssetList::new();
    list.items = (0..n).map(synthetic_asset).collect();
    list.refilter();
    let queries = ["sunset", "hbr7", "zzzzz"];
    let mut samples = Vec::new();
    for q in queries {
        let mut typing = Samples::new(format!("type {q:?} (per key)"));
        let mut erasing = Samples::new(format!("erase {q:?} (per key)"));
        let mut matches = 0;
        for _ in 0..rounds {
            for len in 1..=q.len() {
                let t = Instant::now();
                list.set_local_filter(&q[..len]);
                typing.values.push(t.elapsed());
            }
            matches = list.visible.len();
            for len in (0..q.len()).rev() {
                let t = Instant::now();
                list.set_local_filter(&q[..len]);
                erasing.values.push(t.elapsed());
            }
        }
        println!("filter: {q:?} matches {matches} of {n}");
        samples.push(typing);
        samples.push(erasing);
    }
    print_table(
        &format!("Local fuzzy filter over {n} names, {rounds} rounds"),
        &samples,
    );
    let (rss, hwm) = rss_mib();
    println!("  RSS: {rss:.1} MiB now, {hwm:.1} MiB peak");
    Ok(())
}
