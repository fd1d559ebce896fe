//! Where every command's output goes. Standard output is written only through [`Stdout`], so one
//! place decides what a reader that went away means (`tl-assets list --all | head -1`): it had
//! all it wanted, so the command stops quietly and exits 0, as `ls` and `rg` do. `print!` is
//! never used: it panics on a closed pipe. Lines for the person at the terminal go to stderr
//! through [`note`], which drops control characters and ignores a closed stderr.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::CliError;
use crate::format;

/// The process's standard output, locked per write (never across an await).
pub struct Stdout(std::io::Stdout);

/// Standard output for a command.
pub fn stdout() -> Stdout {
    Stdout(std::io::stdout())
}

impl Stdout {
    /// The target of `write!`/`writeln!`: a closed pipe becomes [`CliError::OutputClosed`].
    pub fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) -> Result<(), CliError> {
        let mut out = self.0.lock();
        out.write_fmt(args).and_then(|()| out.flush()).map_err(failed)
    }

    /// Writes bytes as they are (JSON, completion scripts), then flushes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        let mut out = self.0.lock();
        out.write_all(bytes).and_then(|()| out.flush()).map_err(failed)
    }
}

/// A closed pipe is the reader's choice, not a failure; anything else is.
fn failed(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::OutputClosed
    } else {
        CliError::Other(format!("cannot write to standard output: {e}"))
    }
}

/// Set once `--json` is read: from then on stderr carries JSON alone, one object a line.
static JSON_STDERR: AtomicBool = AtomicBool::new(false);

/// With `json`, every later [`note`] is written as `{"note":"…"}` and progress is not drawn, so
/// a script reads stderr as JSON lines (its last one the error, when the command fails).
pub fn set_json_stderr(json: bool) {
    JSON_STDERR.store(json, Ordering::Relaxed);
}

/// True once [`set_json_stderr`] asked for JSON on stderr.
pub fn json_stderr() -> bool {
    JSON_STDERR.load(Ordering::Relaxed)
}

/// Writes one line of JSON on stderr as it is (an error report, a note in JSON mode).
pub fn json_line(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Writes `text` on stderr, one line per line of it, each made printable (with `--json`, one
/// `{"note":"…"}` object). A closed or full stderr is ignored: there is nobody left to tell.
pub fn note(text: impl Display) {
    let text = text.to_string();
    if json_stderr() {
        let printable = format::printable(&text).into_owned();
        json_line(&serde_json::json!({ "note": printable }).to_string());
        return;
    }
    let mut err = std::io::stderr().lock();
    for line in text.lines() {
        if writeln!(err, "{}", format::printable(line)).is_err() {
            return;
        }
    }
}

/// Like [`note`] without the line end: a question whose answer is typed after it.
pub fn prompt(text: impl Display) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", format::printable(&text.to_string())).and_then(|()| err.flush());
}

/// Refuses to `what` (`delete an index`) when stdin is not a terminal: a question nobody can
/// answer must not be taken as a yes or a no. Call it before any work the question needs.
pub fn require_terminal(what: &str) -> Result<(), crate::cli::CliError> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        return Ok(());
    }
    Err(crate::cli::CliError::Usage(format!(
        "refusing to {what} without confirmation: stdin is not a terminal; pass --yes"
    )))
}

/// Asks `question` on stderr and reads the answer; true only for a yes. The line is read off
/// the async threads, so Ctrl-C at the question still ends the command.
pub async fn ask_yes_no(question: impl Display) -> Result<bool, crate::cli::CliError> {
    use std::io::BufRead;
    prompt(question);
    let answer = tokio::task::spawn_blocking(|| {
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map(|_| answer)
    })
    .await
    .map_err(|e| crate::cli::CliError::Other(e.to_string()))??;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// Ends the current line on stderr when it is a terminal (after an interrupted question).
pub fn end_line_on_terminal() {
    use std::io::IsTerminal;
    let err = std::io::stderr();
    if err.is_terminal() {
        let _ = writeln!(err.lock());
    }
}
