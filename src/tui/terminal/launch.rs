//! The runtime half of copying and opening: write OSC 52 to the terminal, pipe text into a
//! clipboard program, start a player or browser. Programs run as children with their output
//! discarded (they must never draw on the app's screen); a missing program is a message.

use std::io::Write;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc::UnboundedSender;

use crate::terminal_env::{Launch, NativeTool};
use crate::tui::msg::Msg;
use crate::tui::task_error::{CopyError, OpenError};

/// Where terminal bytes (OSC 52) go: the real terminal, or a buffer tests can read.
#[derive(Clone)]
pub enum TerminalOut {
    Stdout,
    Captured(Arc<Mutex<Vec<u8>>>),
}

impl TerminalOut {
    /// Writes and flushes `bytes`. Called by the runtime between frames, never during a draw.
    pub fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            TerminalOut::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            TerminalOut::Captured(buf) => {
                if let Ok(mut b) = buf.lock() {
                    b.extend_from_slice(bytes);
                }
                Ok(())
            }
        }
    }
}

/// Pipes `text` into `tool` and reports the outcome.
pub fn run_clipboard_tool(tool: NativeTool, text: String, label: String, tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let result = pipe(tool, &text)
            .await
            .map(|()| format!("{label} copied to the clipboard ({})", tool.program))
            .map_err(|source| CopyError::Tool {
                program: tool.program,
                source,
            });
        let _ = tx.send(Msg::CopyDone { result });
    });
}

async fn pipe(tool: NativeTool, text: &str) -> std::io::Result<()> {
    let mut child = tokio::process::Command::new(tool.program)
        .args(tool.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes()).await?;
    }
    // wl-copy and xclip stay alive to serve the selection; only a quick failure is reported.
    match tokio::time::timeout(std::time::Duration::from_secs(2), child.wait()).await {
        Ok(Ok(status)) if !status.success() => Err(std::io::Error::other(format!("exit status {status}"))),
        Ok(Err(e)) => Err(e),
        _ => Ok(()),
    }
}

/// Opens `url` as `launch` says and reports how, or why not.
pub fn open(title: String, url: String, launch: Launch, tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let result = match &launch {
            Launch::Program(argv) => spawn_program(argv, &url).await,
            Launch::SystemOpener => {
                let u = url.clone();
                tokio::task::spawn_blocking(move || open::that_detached(&u))
                    .await
                    .map_err(|e| OpenError::Opener(e.to_string()))
                    .and_then(|r| r.map_err(|e| OpenError::Opener(e.to_string())))
                    .map(|()| "the system opener".to_string())
            }
            Launch::ShowUrl(why) => Err(OpenError::NoLauncher((*why).to_string())),
        };
        let _ = tx.send(Msg::OpenDone { title, url, result });
    });
}

async fn spawn_program(argv: &[String], url: &str) -> Result<String, OpenError> {
    let Some((program, args)) = argv.split_first() else {
        return Err(OpenError::EmptyCommand);
    };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| OpenError::Spawn {
            program: program.clone(),
            source,
        })?;
    // A player that exits at once with an error did not open anything.
    match tokio::time::timeout(std::time::Duration::from_secs(1), child.wait()).await {
        Ok(Ok(status)) if !status.success() => Err(OpenError::Exited {
            program: program.clone(),
            status,
        }),
        Ok(Err(source)) => Err(OpenError::Spawn {
            program: program.clone(),
            source,
        }),
        Ok(Ok(_)) => Ok(program.clone()),
        Err(_) => {
            // Still running: reap it in the background so it leaves no zombie.
            tokio::spawn(async move {
                let _ = child.wait().await;
            });
            Ok(program.clone())
        }
    }
}
