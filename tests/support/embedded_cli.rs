//! Running the binary against its embedded local platform: no key in the environment, the
//! data dir in a temp dir; its exit code, JSON stdout and stderr.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

/// Runs the binary with `args` and no key in the environment.
pub fn run(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tl-assets"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("TWELVE_LABS_API_KEY")
        .env_remove("TWELVE_LABS_BASE_URL")
        .env("TL_ASSETS_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run binary")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn json_out(o: &Output) -> Value {
    assert_eq!(code(o), 0, "stderr: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
