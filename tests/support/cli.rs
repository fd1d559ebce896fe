//! Running the binary against a local platform served by the test, from plain (non-async) tests:
//! the platform runs on its own runtime, so the test thread may block on child processes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use tl_assets::platform::{self, PlatformConfig, RunningPlatform};

pub const KEY: &str = "tlk_cli_support_key_42";

/// A platform on loopback, and a data dir for the command line's own files (resume state).
pub struct Served {
    runtime: tokio::runtime::Runtime,
    platform: Option<RunningPlatform>,
    pub dir: tempfile::TempDir,
    pub base: String,
}

impl Served {
    pub fn start() -> Self {
        Self::start_with(|_| {})
    }

    pub fn start_with(tweak: impl FnOnce(&mut PlatformConfig)) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
        config.processing_delay = Duration::from_millis(50);
        tweak(&mut config);
        let running = runtime.block_on(platform::start(config)).expect("platform");
        let base = running.base_url().to_string();
        Self {
            runtime,
            platform: Some(running),
            dir,
            base,
        }
    }

    /// Runs `f` with the platform on its runtime (to reach into its store from a test).
    pub fn with_platform<T>(&self, f: impl AsyncFnOnce(&RunningPlatform) -> T) -> T {
        let p = self.platform.as_ref().expect("running");
        self.runtime.block_on(f(p))
    }

    /// The command line's data dir (where `upload --resume` state is kept).
    pub fn cli_dir(&self) -> PathBuf {
        self.dir.path().join("cli")
    }

    /// The binary with `args`, pointed at this platform, nothing from the environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = tl();
        c.args(["--base-url", &self.base, "--api-key", KEY, "--data-dir"])
            .arg(self.cli_dir())
            .args(args);
        c
    }

    /// Runs `args` to the end with stdout and stderr captured.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run binary")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(p) = self.platform.take() {
            self.runtime.block_on(p.shutdown());
        }
    }
}

/// The binary, with no key, URL, config or colour setting inherited from the environment.
pub fn tl() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tl-assets"));
    for var in [
        "TWELVE_LABS_API_KEY",
        "TWELVE_LABS_BASE_URL",
        "TL_ASSETS_DATA_DIR",
        "TL_ASSETS_PROFILE",
        "TL_ASSETS_CONFIG",
        "NO_COLOR",
    ] {
        c.env_remove(var);
    }
    // No config file of the machine's user: the default location is one that does not exist.
    c.env("XDG_CONFIG_HOME", "/nonexistent/tl-assets-test-config")
        .env("TL_ASSETS_LOG", "warn")
        .stdin(Stdio::null());
    c
}

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

pub fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A child process killed when the test ends, however it ends.
pub struct Background(pub Child);

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
