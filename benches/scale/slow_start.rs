//! First frame with assets over a slow link, with and without the listing saved at the last
//! close (the start cache): a local platform in this process holding `SCALE_SLOW_ASSETS`
//! (default 300) seeded assets, every answer 50 ms and then 250 ms late (`slow=1:…`, rate limit
//! off), and the release binary in tmux at 120x40, default config, pointed at it with
//! `--base-url` and `--bench-first-frame` (it quits after the first frame that shows assets).
//! Each run gets a fresh cache dir (`XDG_CACHE_HOME`): the first start finds none and saves its
//! listing on quitting, the second starts from it. `SCALE_SLOW_RUNS` runs (default 10) of each.
//!
//! Then the same 250 ms over HTTPS, where users are (`tls_link.rs`): the platform answers at once
//! and a proxy holds every byte for half the round trip each way, the connection's first bytes a
//! round trip more (the TCP handshake), and terminates TLS 1.3 with a certificate made for the
//! run, which the app trusts through `SSL_CERT_FILE`. No saved listing there means TCP, TLS and
//! the first page: three round trips before a row can show.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use tl_assets::platform::{self, FaultSpec, PlatformConfig};

use super::common::{Samples, env_usize, print_table, runtime};
use super::startup::{TmuxServer, bin, read_report, tmux_installed, wait_for_report};

const KEY: &str = "bench-key";

pub fn run() -> anyhow::Result<()> {
    if !tmux_installed() {
        println!("\nslowlink: tmux is not installed: nothing measured (this part runs only where users do)");
        return Ok(());
    }
    let n = env_usize("SCALE_SLOW_ASSETS", 300);
    let runs = env_usize("SCALE_SLOW_RUNS", 10);
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("platform");
    platform::seed_synthetic(&data, n)?;
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    let env = [("HOME", home.as_path())];
    let server = TmuxServer::start(&env)?;
    let rt = runtime()?;
    let starts = Starts {
        server: &server,
        env: &env,
        dir: dir.path(),
        runs,
    };
    let mut rows = Vec::new();
    for delay in [50, 250] {
        let mut config = PlatformConfig::new(data.clone(), KEY);
        config.processing_delay = Duration::ZERO;
        config.rate_limit = None;
        config.faults = Some(format!("slow=1:{delay}ms").parse::<FaultSpec>()?);
        let running = rt.block_on(platform::start(config))?;
        rows.extend(starts.cold_and_warm(running.base_url(), &format!("{delay} ms away"), "")?);
        rt.block_on(running.shutdown());
    }
    if super::tls_link::openssl_installed() {
        rows.extend(over_https(&rt, &starts, &data)?);
    } else {
        println!("slowlink: openssl is not installed: no HTTPS case");
    }
    print_table(
        &format!(
            "slowlink: first frame with assets, {n} assets, tmux 120x40, default config, {runs} runs per case"
        ),
        &rows,
    );
    Ok(())
}

/// Where the starts run: the tmux server and its environment, the dir for caches and reports,
/// the runs per case.
struct Starts<'a> {
    server: &'a TmuxServer,
    env: &'a [(&'a str, &'a Path)],
    dir: &'a Path,
    runs: usize,
}

impl Starts<'_> {
    /// `runs` starts against `base` without a saved listing and as many with one (after one of
    /// each uncounted: it pays the first connection to this platform); `extra_env` as for
    /// [`in_tmux`].
    fn cold_and_warm(&self, base: &str, label: &str, extra_env: &str) -> anyhow::Result<[Samples; 2]> {
        let tag: String = label.chars().filter(char::is_ascii_alphanumeric).collect();
        let mut cold = Samples::new(format!("{label}, no saved listing: main → first asset frame"));
        let mut warm = Samples::new(format!("{label}, saved listing: main → first asset frame"));
        for run in 0..=self.runs {
            let cache = self.dir.join(format!("cache-{tag}-{run}"));
            for (i, samples) in [&mut cold, &mut warm].into_iter().enumerate() {
                let report = self.dir.join(format!("report-{tag}-{run}-{i}.txt"));
                let session = format!("s{tag}-{run}-{i}");
                let took = in_tmux(self.server, self.env, base, &cache, &report, &session, extra_env)?;
                if run > 0 {
                    samples.values.push(took);
                }
            }
        }
        Ok([cold, warm])
    }
}

/// The 250 ms cases over HTTPS through the delaying TLS proxy.
fn over_https(
    rt: &tokio::runtime::Runtime,
    starts: &Starts<'_>,
    data: &Path,
) -> anyhow::Result<[Samples; 2]> {
    let (ca, cert, key) = super::tls_link::make_certificates(starts.dir)?;
    let mut config = PlatformConfig::new(data.to_path_buf(), KEY);
    config.processing_delay = Duration::ZERO;
    config.rate_limit = None;
    let running = rt.block_on(platform::start(config))?;
    let plain = reqwest::Url::parse(running.base_url())?;
    let rtt = Duration::from_millis(250);
    let proxy = rt.block_on(super::tls_link::start(running.local_addr(), &cert, &key, rtt))?;
    let base = format!("https://{proxy}{}", plain.path());
    let trust = format!("SSL_CERT_FILE='{}'", ca.display());
    let rows = starts.cold_and_warm(&base, "HTTPS, 250 ms round trip", &trust)?;
    rt.block_on(running.shutdown());
    Ok(rows)
}

/// One start in a new tmux session with `cache` as its cache dir and `extra_env` (`NAME='value'`
/// or nothing) in its environment; the in-process time it reported.
fn in_tmux(
    server: &TmuxServer,
    env: &[(&str, &Path)],
    base: &str,
    cache: &Path,
    report: &Path,
    session: &str,
    extra_env: &str,
) -> anyhow::Result<Duration> {
    let app = format!(
        "exec env XDG_CACHE_HOME='{}' {extra_env} '{}' --api-key {KEY} --base-url '{base}' --bench-first-frame '{}'",
        cache.display(),
        bin().display(),
        report.display()
    );
    let t0 = Instant::now();
    let mut client = server
        .command(env)
        .args(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", &app])
        .spawn()
        .context("tmux new-session")?;
    wait_for_report(report, t0, || Ok(()))?;
    client.wait()?;
    let took = read_report(report)?;
    // The app saves its listing after the report: wait for it to leave before the next start.
    let _ = server.command(env).args(["kill-session", "-t", session]).status();
    std::thread::sleep(Duration::from_millis(300));
    Ok(took)
}
