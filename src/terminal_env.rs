//! What surrounds the program: which terminal, whether it runs inside tmux or over SSH, whether a
//! display exists, and from that how to show images, copy text and open URLs.
//!
//! Every decision is a pure function of an [`EnvMap`] (the environment variables) and of which
//! programs exist on `PATH`, so the TUI, `doctor` and the tests reach the same answers. Only
//! [`EnvMap::from_process`] and [`on_path`] look at the real machine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Environment variables by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvMap(pub BTreeMap<String, String>);

impl EnvMap {
    /// The current process's environment (non-UTF-8 values are skipped).
    pub fn from_process() -> Self {
        Self(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        )
    }

    /// A map from `(name, value)` pairs, for tests.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// The value of a variable that is set and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// Facts about the terminal session, derived from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalFacts {
    pub term: Option<String>,
    pub term_program: Option<String>,
    /// `TMUX` is set, or `TERM` says tmux/screen.
    pub tmux: bool,
    /// `SSH_TTY` or `SSH_CONNECTION` is set.
    pub ssh: bool,
    /// A graphical session can be reached (macOS always; elsewhere `DISPLAY`/`WAYLAND_DISPLAY`).
    pub display: bool,
}

impl TerminalFacts {
    /// Reads the facts from `env`; `macos` says whether the program runs on macOS.
    pub fn from_env(env: &EnvMap, macos: bool) -> Self {
        let term = env.get("TERM").map(String::from);
        let tmux = env.get("TMUX").is_some() || term.as_deref().is_some_and(|t| t.starts_with("tmux"));
        Self {
            term_program: env.get("TERM_PROGRAM").map(String::from),
            tmux,
            ssh: env.get("SSH_TTY").is_some() || env.get("SSH_CONNECTION").is_some(),
            display: macos || env.get("DISPLAY").is_some() || env.get("WAYLAND_DISPLAY").is_some(),
            term,
        }
    }

    /// The facts of this process.
    pub fn detect() -> Self {
        Self::from_env(&EnvMap::from_process(), cfg!(target_os = "macos"))
    }

    /// The facts as label/value lines, for the About screen and `doctor`.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        vec![
            (
                "terminal",
                self.term_program.clone().unwrap_or_else(|| "unknown".to_string()),
            ),
            ("TERM", self.term.clone().unwrap_or_else(|| "unset".to_string())),
            ("tmux", yes_no(self.tmux)),
            ("SSH", yes_no(self.ssh)),
            ("display", yes_no(self.display)),
        ]
    }
}

/// The `image` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageMode {
    #[default]
    Auto,
    Kitty,
    Sixel,
    Iterm2,
    Halfblocks,
    Off,
}

/// A way to draw pixels in a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProtocol {
    Kitty,
    Sixel,
    Iterm2,
    /// Unicode half blocks with colours: works in every colour terminal, tmux included.
    Halfblocks,
}

impl ImageProtocol {
    /// The protocol's name as the config file spells it.
    pub fn name(self) -> &'static str {
        match self {
            ImageProtocol::Kitty => "kitty",
            ImageProtocol::Sixel => "sixel",
            ImageProtocol::Iterm2 => "iterm2",
            ImageProtocol::Halfblocks => "halfblocks",
        }
    }
}

/// True when the terminal should be asked what it supports (the answer feeds [`choose_image`]).
pub fn should_query_terminal(mode: ImageMode) -> bool {
    mode != ImageMode::Off
}

/// The protocol to draw thumbnails with, or `None` for no thumbnails.
///
/// `queried` is what the terminal answered (`None`: no answer). In `auto`, a graphics protocol
/// is used only if the terminal confirmed it (inside tmux: tmux named a client terminal that
/// draws it); anything else is halfblocks, never an error.
/// A forced protocol is used as asked.
pub fn choose_image(mode: ImageMode, queried: Option<ImageProtocol>) -> Option<ImageProtocol> {
    match mode {
        ImageMode::Off => None,
        ImageMode::Kitty => Some(ImageProtocol::Kitty),
        ImageMode::Sixel => Some(ImageProtocol::Sixel),
        ImageMode::Iterm2 => Some(ImageProtocol::Iterm2),
        ImageMode::Halfblocks => Some(ImageProtocol::Halfblocks),
        ImageMode::Auto => Some(queried.unwrap_or(ImageProtocol::Halfblocks)),
    }
}

/// The `clipboard` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClipboardMode {
    #[default]
    Auto,
    Osc52,
    Native,
    Off,
}

/// A clipboard program and its arguments; the text goes to its standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NativeTool {
    pub program: &'static str,
    pub args: &'static [&'static str],
}

/// Native clipboard programs, in order of preference.
pub const NATIVE_TOOLS: &[NativeTool] = &[
    NativeTool {
        program: "pbcopy",
        args: &[],
    },
    NativeTool {
        program: "wl-copy",
        args: &[],
    },
    NativeTool {
        program: "xclip",
        args: &["-selection", "clipboard"],
    },
    NativeTool {
        program: "xsel",
        args: &["--clipboard", "--input"],
    },
];

/// How a copy reaches a clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClipboardPlan {
    /// Write an OSC 52 sequence to the terminal, which forwards it to the local clipboard;
    /// `tmux` also sends it wrapped for tmux passthrough.
    Osc52 { tmux: bool },
    /// Run a clipboard program of this machine.
    Native(NativeTool),
    /// Copying is turned off (`clipboard = "off"`).
    Off,
    /// `native` was asked for, but no clipboard program was found.
    NoTool,
}

impl ClipboardPlan {
    /// A short description for the About screen and `doctor`.
    pub fn describe(&self) -> String {
        match self {
            ClipboardPlan::Osc52 { tmux: false } => "OSC 52 (terminal clipboard)".to_string(),
            ClipboardPlan::Osc52 { tmux: true } => {
                "OSC 52 (terminal clipboard, tmux-wrapped too)".to_string()
            }
            ClipboardPlan::Native(t) => format!("native ({})", t.program),
            ClipboardPlan::Off => "off".to_string(),
            ClipboardPlan::NoTool => "native, but no clipboard program found".to_string(),
        }
    }
}

/// Picks the clipboard. In `auto`, OSC 52 whenever the session is remote or has no display
/// (a native program there would fill the remote machine's clipboard, not the user's); native
/// when a program exists locally; OSC 52 otherwise.
pub fn choose_clipboard(
    mode: ClipboardMode,
    facts: &TerminalFacts,
    has: &dyn Fn(&str) -> bool,
) -> ClipboardPlan {
    let osc = ClipboardPlan::Osc52 { tmux: facts.tmux };
    let native = || NATIVE_TOOLS.iter().find(|t| has(t.program)).copied();
    match mode {
        ClipboardMode::Off => ClipboardPlan::Off,
        ClipboardMode::Osc52 => osc,
        ClipboardMode::Native => native().map_or(ClipboardPlan::NoTool, ClipboardPlan::Native),
        ClipboardMode::Auto if facts.ssh || !facts.display => osc,
        ClipboardMode::Auto => native().map_or(osc, ClipboardPlan::Native),
    }
}

/// How to open a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launch {
    /// Run this program with these arguments, then the URL.
    Program(Vec<String>),
    /// The system's opener (xdg-open, open, start).
    SystemOpener,
    /// Opening here would happen on the wrong machine or nowhere: show the URL instead.
    ShowUrl(&'static str),
}

impl Launch {
    /// A short description for the About screen and `doctor`.
    pub fn describe(&self) -> String {
        match self {
            Launch::Program(argv) => argv.join(" "),
            Launch::SystemOpener => "system opener".to_string(),
            Launch::ShowUrl(why) => format!("show the URL ({why})"),
        }
    }
}

fn remote_or_headless(facts: &TerminalFacts) -> Option<Launch> {
    if facts.ssh {
        Some(Launch::ShowUrl("over SSH"))
    } else if !facts.display {
        Some(Launch::ShowUrl("no display"))
    } else {
        None
    }
}

/// The player for an HLS manifest: `$TL_ASSETS_PLAYER`, else mpv or vlc, else the system opener.
/// Over SSH or without a display the URL is shown instead.
pub fn choose_player(env: &EnvMap, facts: &TerminalFacts, has: &dyn Fn(&str) -> bool) -> Launch {
    if let Some(show) = remote_or_headless(facts) {
        return show;
    }
    if let Some(cmd) = env.get("TL_ASSETS_PLAYER").and_then(split_command) {
        return Launch::Program(cmd);
    }
    match ["mpv", "vlc"].into_iter().find(|p| has(p)) {
        Some(p) => Launch::Program(vec![p.to_string()]),
        None => Launch::SystemOpener,
    }
}

/// The browser for a web URL: `$BROWSER` (its first entry), else the system opener.
pub fn choose_browser(env: &EnvMap, facts: &TerminalFacts) -> Launch {
    if let Some(show) = remote_or_headless(facts) {
        return show;
    }
    match env
        .get("BROWSER")
        .and_then(|b| b.split(':').next())
        .and_then(split_command)
    {
        Some(cmd) => Launch::Program(cmd),
        None => Launch::SystemOpener,
    }
}

fn split_command(text: &str) -> Option<Vec<String>> {
    let argv: Vec<String> = text.split_whitespace().map(String::from).collect();
    (!argv.is_empty()).then_some(argv)
}

/// The first executable named `program` in the `PATH` value `path`.
pub fn find_in_path(program: &str, path: Option<&str>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(program))
        .find(|p| is_executable(p))
}

/// The first executable named `program` on this process's `PATH`.
pub fn find_on_path(program: &str) -> Option<PathBuf> {
    find_in_path(program, std::env::var("PATH").ok().as_deref())
}

/// True when `program` is on this process's `PATH`.
pub fn on_path(program: &str) -> bool {
    find_on_path(program).is_some()
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// Whether output may be coloured: only on a terminal, and never when `NO_COLOR` is set to
/// anything (<https://no-color.org>).
pub fn colour_wanted(env: &EnvMap, is_terminal: bool) -> bool {
    is_terminal && env.get("NO_COLOR").is_none()
}

#[cfg(test)]
#[path = "terminal_env_tests.rs"]
mod tests;
