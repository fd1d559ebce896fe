//! Shared helpers: percentiles, the result table, memory figures, sizes from the environment.

use std::time::Duration;

/// A number from the environment, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// CPU model, cores and memory, printed once so figures can be read against the machine.
pub fn print_machine() {
    if std::env::var_os("SCALE_CHILD").is_some() {
        return;
    }
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU", str::trim)
        .to_string();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let mem_kib = status_kib("/proc/meminfo", "MemTotal:").unwrap_or(0);
    println!(
        "machine: {model}, {cores} cores, {:.1} GiB RAM",
        mem_kib as f64 / 1024.0 / 1024.0
    );
}

/// A `kB` field of a `/proc` status-like file.
fn status_kib(path: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// `(VmRSS, VmHWM)` of this process in MiB.
pub fn rss_mib() -> (f64, f64) {
    let get = |f| status_kib("/proc/self/status", f).unwrap_or(0) as f64 / 1024.0;
    (get("VmRSS:"), get("VmHWM:"))
}

/// Samples of one case.
pub struct Samples {
    pub name: String,
    pub values: Vec<Duration>,
}

impl Samples {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            values: Vec::new(),
        }
    }

    /// The `q` quantile (nearest rank) in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        let mut v = self.values.clone();
        v.sort();
        if v.is_empty() {
            return f64::NAN;
        }
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1].as_secs_f64() * 1000.0
    }
}

/// Prints `cases` as a table of p50, p99 and max in milliseconds.
pub fn print_table(title: &str, cases: &[Samples]) {
    println!("\n{title}");
    let width = cases.iter().map(|c| c.name.len()).max().unwrap_or(4).max(4);
    println!(
        "  {:width$}  {:>6}  {:>9}  {:>9}  {:>9}",
        "case", "n", "p50 ms", "p99 ms", "max ms"
    );
    for c in cases {
        println!(
            "  {:width$}  {:>6}  {:>9.3}  {:>9.3}  {:>9.3}",
            c.name,
            c.values.len(),
            c.quantile_ms(0.5),
            c.quantile_ms(0.99),
            c.quantile_ms(1.0)
        );
    }
}

/// A multi-threaded tokio runtime like the app's.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}
