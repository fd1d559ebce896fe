//! `GET /assets` latency over real HTTP on loopback against a platform holding many assets
//! (seeded straight into the store): page 1, a middle page and the last page, unfiltered and
//! with each filter, and the filename filter's first page right after another process wrote:
//! a status change (the in-memory name index is untouched), a new listed asset (appended to it)
//! and a rename in the middle of the list (shifted in). The cases are requested round-robin so
//! machine noise spreads evenly.

use std::time::Instant;

use anyhow::{Context, bail};
use tl_assets::platform::{self, PlatformConfig};

use super::common::{Samples, env_usize, print_table, runtime};

const KEY: &str = "bench-key";
const PAGE_LIMIT: u32 = 50;

struct Case {
    name: String,
    query: String,
    /// A write committed through another connection before each request.
    before: Option<Write>,
}

#[derive(Clone, Copy)]
enum Write {
    /// An asset's status changes (as processing does).
    Status,
    /// A new asset is listed (as an upload does).
    NewAsset,
    /// The asset in the middle of the list is renamed.
    RenameMiddle,
}

pub fn run() -> anyhow::Result<()> {
    let n = env_usize("SCALE_ASSETS", 100_000);
    let iters = env_usize("SCALE_ITERS", 200);
    let dir = tempfile::tempdir()?;
    let seeded = Instant::now();
    let ids = platform::seed_synthetic(dir.path(), n)?;
    println!(
        "\nlist: seeded {n} assets through the store in {:.0} ms",
        seeded.elapsed().as_secs_f64() * 1000.0
    );
    let rt = runtime()?;
    rt.block_on(async {
        let mut config = PlatformConfig::new(dir.path().to_path_buf(), KEY);
        config.processing_delay = std::time::Duration::ZERO;
        let started = Instant::now();
        let running = platform::start(config).await?;
        println!(
            "list: platform started over them in {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
        let http = tl_assets::http_client::builder().no_proxy().build()?;
        let base = format!("{}/assets?page_limit={PAGE_LIMIT}", running.base_url());
        let mut cases = Vec::new();
        let some_ids: String = [0, n / 3, n / 2, n - 1]
            .iter()
            .filter_map(|&i| ids.get(i))
            .map(|id| format!("&asset_ids={id}"))
            .collect();
        let filters = [
            ("all", String::new()),
            ("video", "&asset_types=video".to_string()),
            ("filename", "&filename=sunset".to_string()),
        ];
        for (label, filter) in filters {
            let total = total_results(&http, &format!("{base}{filter}")).await?;
            let last = total.div_ceil(u64::from(PAGE_LIMIT)).max(1);
            println!("list: {label}: {total} results, {last} pages");
            for (which, page) in [("page 1", 1), ("middle", last.div_ceil(2)), ("last", last)] {
                cases.push(Case {
                    name: format!("{label:8} {which} (p{page})"),
                    query: format!("{base}{filter}&page={page}"),
                    before: None,
                });
            }
        }
        for (write, what) in [
            (Write::Status, "a status change"),
            (Write::NewAsset, "a new asset"),
            (Write::RenameMiddle, "a rename mid-list"),
        ] {
            cases.push(Case {
                name: format!("filename page 1 after {what} by another process"),
                query: format!("{base}&filename=sunset&page=1"),
                before: Some(write),
            });
        }
        cases.push(Case {
            name: "asset_ids (4 ids)".into(),
            query: format!("{base}{some_ids}"),
            before: None,
        });
        // Another process on the same data dir, as far as the platform's connection can tell.
        let other = rusqlite::Connection::open(dir.path().join("platform.sqlite3"))?;
        let (some, middle) = (ids.first().cloned(), ids.get(n / 2).cloned());
        let mut writes = 0u64;
        let mut write = |what: Write| {
            writes += 1;
            match what {
                Write::Status => other.execute(
                    "UPDATE assets SET status = ?2 WHERE id = ?1",
                    rusqlite::params![
                        some,
                        if writes.is_multiple_of(2) {
                            "ready"
                        } else {
                            "processing"
                        }
                    ],
                ),
                Write::NewAsset => other.execute(
                    "INSERT INTO assets (id, seq, method, status, filename, file_type, created_ms, \
                     file_token, blob_ready) VALUES (?1, (SELECT MAX(seq) + 1 FROM assets), 'direct', \
                     'ready', ?2, 'video/mp4', 0, ?1, 1)",
                    rusqlite::params![format!("bench{writes}"), format!("bench-sunset-{writes}.mp4")],
                ),
                Write::RenameMiddle => other.execute(
                    "UPDATE assets SET filename = ?2 WHERE id = ?1",
                    rusqlite::params![middle, format!("renamed-sunset-{writes}.mp4")],
                ),
            }
        };
        let mut samples: Vec<Samples> = cases.iter().map(|c| Samples::new(&c.name)).collect();
        // Warm-up: connection, statement cache, page cache.
        for c in &cases {
            for _ in 0..5 {
                get(&http, &c.query).await?;
            }
        }
        for _ in 0..iters {
            for (c, s) in cases.iter().zip(samples.iter_mut()) {
                if let Some(what) = c.before {
                    write(what)?;
                }
                let t = Instant::now();
                get(&http, &c.query).await?;
                s.values.push(t.elapsed());
            }
        }
        print_table(
            &format!("GET /assets latency, {n} assets, page_limit={PAGE_LIMIT}, loopback HTTP"),
            &samples,
        );
        running.shutdown().await;
        Ok(())
    })
}

async fn get(http: &reqwest::Client, url: &str) -> anyhow::Result<Vec<u8>> {
    let resp = http.get(url).header("x-api-key", KEY).send().await?;
    let status = resp.status();
    let body = resp.bytes().await?;
    if !status.is_success() {
        bail!("{url}: {status}: {}", String::from_utf8_lossy(&body));
    }
    Ok(body.to_vec())
}

async fn total_results(http: &reqwest::Client, url: &str) -> anyhow::Result<u64> {
    let body = get(http, url).await?;
    let v: serde_json::Value = serde_json::from_slice(&body)?;
    v["page_info"]["total_results"]
        .as_u64()
        .context("no page_info.total_results")
}
