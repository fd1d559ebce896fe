//! The key a profile's `api_key_command` prints: run with `sh -c`, first line, bounded in time.

/// How long the key command may take: a command that waits for input it never gets (a
/// password prompt with no terminal) must not hang the start.
const KEY_COMMAND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// Runs `command` with `sh -c` and returns the first line of its output (the key); killed after
/// [`KEY_COMMAND_TIMEOUT`].
pub fn run_key_command(command: &str) -> Result<String, String> {
    run_key_command_within(command, KEY_COMMAND_TIMEOUT)
}

pub(crate) fn run_key_command_within(command: &str, timeout: std::time::Duration) -> Result<String, String> {
    use std::io::Read;
    let mut child = std::process::Command::new("sh")
        .args(["-c", command])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdout = child.stdout.take().ok_or("no output pipe")?;
    // Read on the side, so a command printing much cannot block on a full pipe.
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("it did not finish within {} s", timeout.as_secs()));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    if !status.success() {
        return Err(format!("exit status {status}"));
    }
    let out = reader.join().unwrap_or_default();
    let text = String::from_utf8_lossy(&out);
    match text.lines().next().map(str::trim).filter(|l| !l.is_empty()) {
        Some(key) => Ok(key.to_string()),
        None => Err("it printed nothing".to_string()),
    }
}
