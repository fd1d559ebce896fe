//! Measuring one upload: the `tl-assets serve` child it goes to (its peak RSS reset and read,
//! the bytes it wrote and the CPU it used, through `/proc/PID`), the client under
//! `/usr/bin/time` (wall time, CPU, peak RSS, bytes written), and the medians of several runs.

use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::{KEY, MB};

/// One upload: the client's wall time, CPU time, peak RSS and bytes written to disk; the
/// platform's peak RSS, bytes written and CPU time during it.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub secs: f64,
    pub cpu_secs: f64,
    pub rss_mib: f64,
    pub written: u64,
    pub server_rss_mib: f64,
    pub server_written: u64,
    pub server_cpu_secs: f64,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:7.3} s  cpu {:5.2} s  peak RSS {:6.1} MiB  wrote {:7.1} MB   platform: cpu {:5.2} s, peak RSS {:6.1} MiB, wrote {:7.1} MB",
            self.secs,
            self.cpu_secs,
            self.rss_mib,
            self.written as f64 / MB,
            self.server_cpu_secs,
            self.server_rss_mib,
            self.server_written as f64 / MB
        )
    }
}

impl Run {
    /// The median of one figure over `runs`.
    pub fn median_of<'a>(runs: impl Iterator<Item = &'a Run>, f: impl Fn(&Run) -> f64) -> f64 {
        let mut v: Vec<f64> = runs.map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    }

    /// Each figure's own median.
    pub fn median(runs: &[Run]) -> Run {
        Run {
            secs: Self::median_of(runs.iter(), |r| r.secs),
            cpu_secs: Self::median_of(runs.iter(), |r| r.cpu_secs),
            server_cpu_secs: Self::median_of(runs.iter(), |r| r.server_cpu_secs),
            rss_mib: Self::median_of(runs.iter(), |r| r.rss_mib),
            written: Self::median_of(runs.iter(), |r| r.written as f64) as u64,
            server_rss_mib: Self::median_of(runs.iter(), |r| r.server_rss_mib),
            server_written: Self::median_of(runs.iter(), |r| r.server_written as f64) as u64,
        }
    }
}

/// The `tl-assets serve` child, with what the bench reads of it from `/proc`.
pub use crate::serve_child::ServeChild as Server;

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn proc_file(&self, name: &str) -> Result<String> {
        let path = format!("/proc/{}/{name}", self.pid());
        std::fs::read_to_string(&path).with_context(|| path)
    }

    /// A numeric field of a `/proc/PID` file (`VmHWM:` in `status`, `write_bytes:` in `io`).
    fn proc_field(&self, file: &str, field: &str) -> Result<u64> {
        self.proc_file(file)?
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("no {field} in /proc/PID/{file}"))
    }

    /// The platform's user + system CPU time so far (`/proc/PID/stat` fields 14 and 15, in the
    /// kernel's 100 Hz ticks), threads included.
    fn cpu_secs(&self) -> Result<f64> {
        let stat = self.proc_file("stat")?;
        // Fields after the command name, which is in parentheses and may hold spaces.
        let rest = stat
            .rsplit_once(')')
            .map(|(_, r)| r)
            .context("no ) in /proc/PID/stat")?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks =
            |i: usize| -> Result<f64> { Ok(fields.get(i).context("short /proc/PID/stat")?.parse::<f64>()?) };
        // utime and stime are fields 14 and 15; `rest` starts at field 3.
        Ok((ticks(11)? + ticks(12)?) / 100.0)
    }

    /// Runs `cmd` under `/usr/bin/time` with the platform's peak RSS reset first.
    pub fn measure(&self, cmd: &mut Command) -> Result<Run> {
        // "5" resets the peak RSS (VmHWM) to the current RSS.
        std::fs::write(format!("/proc/{}/clear_refs", self.pid()), "5")
            .context("resetting the platform's peak RSS")?;
        let written_before = self.proc_field("io", "write_bytes:")?;
        let cpu_before = self.cpu_secs()?;
        let report = tempfile::NamedTempFile::new()?;
        let mut timed = Command::new("/usr/bin/time");
        timed
            .args(["-f", "%e %M %O %U %S", "-o"])
            .arg(report.path())
            .arg(cmd.get_program())
            .args(cmd.get_args())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => timed.env(k, v),
                None => timed.env_remove(k),
            };
        }
        let out = timed.output()?;
        if !out.status.success() {
            bail!(
                "{:?} failed: {}",
                cmd.get_program(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let text = std::fs::read_to_string(report.path())?;
        let mut parts = text.split_whitespace();
        let secs: f64 = parts.next().context("no time")?.parse()?;
        let kib: f64 = parts.next().context("no rss")?.parse()?;
        let blocks: u64 = parts.next().context("no output blocks")?.parse()?;
        let user: f64 = parts.next().context("no user time")?.parse()?;
        let sys: f64 = parts.next().context("no system time")?.parse()?;
        Ok(Run {
            secs,
            cpu_secs: user + sys,
            server_cpu_secs: self.cpu_secs()? - cpu_before,
            rss_mib: kib / 1024.0,
            written: blocks * 512,
            server_rss_mib: self.proc_field("status", "VmHWM:")? as f64 / 1024.0,
            server_written: self.proc_field("io", "write_bytes:")? - written_before,
        })
    }

    /// Deletes every asset (one page at a time) through the API.
    pub fn delete_all(&self) -> Result<()> {
        loop {
            let out = Command::new("curl")
                .args(["-sS", "--fail-with-body", "-H", &format!("x-api-key: {KEY}")])
                .arg(format!("{}/assets?page_limit=50", self.base))
                .output()?;
            let page: serde_json::Value = serde_json::from_slice(&out.stdout)?;
            let ids: Vec<&str> = page["data"]
                .as_array()
                .context("no data in the asset list")?
                .iter()
                .filter_map(|a| a["_id"].as_str())
                .collect();
            if ids.is_empty() {
                return Ok(());
            }
            for id in ids {
                let ok = Command::new("curl")
                    .args(["-sS", "--fail-with-body", "-o", "/dev/null", "-X", "DELETE", "-H"])
                    .arg(format!("x-api-key: {KEY}"))
                    .arg(format!("{}/assets/{id}", self.base))
                    .status()?
                    .success();
                if !ok {
                    bail!("deleting asset {id} failed");
                }
            }
        }
    }
}
