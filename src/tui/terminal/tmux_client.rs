//! What tmux knows of the terminal its client is. Inside tmux the pane is not asked for graphics
//! (tmux answers device attributes itself, and a query passed through may come back late, as
//! keys); the server is asked instead, which costs a process and no terminal round trip.

use crate::terminal_env::ImageProtocol;

/// The protocol an outer terminal draws, from what tmux knows of its client: the terminal name
/// (`TERM` outside), the type it reported, and its features.
fn outer_protocol(name: &str, kind: &str, features: &str) -> Option<ImageProtocol> {
    let who = format!("{name} {kind}").to_lowercase();
    if !super::kitty_version::draws_placeholders(kind) {
        None
    } else if who.contains("kitty") || who.contains("ghostty") {
        Some(ImageProtocol::Kitty)
    } else if who.contains("wezterm") || who.contains("iterm") {
        Some(ImageProtocol::Iterm2)
    } else if features.split(',').any(|f| f.trim() == "sixel") {
        Some(ImageProtocol::Sixel)
    } else {
        None
    }
}

/// Asks the tmux server which terminal the client of this pane is, and what it draws.
pub fn protocol() -> Option<ImageProtocol> {
    let out = std::process::Command::new("tmux")
        .args([
            "display-message",
            "-p",
            "#{client_termname}\t#{client_termtype}\t#{client_termfeatures}",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.trim_end().split('\t');
    let (name, kind, features) = (
        parts.next()?,
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    outer_protocol(name, kind, features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmux_clients_that_draw_pixels() {
        assert_eq!(
            outer_protocol("xterm-kitty", "", "256,RGB"),
            Some(ImageProtocol::Kitty)
        );
        assert_eq!(
            outer_protocol("xterm-256color", "kitty(0.35.2)", ""),
            Some(ImageProtocol::Kitty)
        );
        // Too old for the placeholders thumbnails are placed with: half blocks.
        assert_eq!(outer_protocol("xterm-kitty", "kitty(0.26.5)", "256,RGB"), None);
        assert_eq!(
            outer_protocol("xterm-ghostty", "", ""),
            Some(ImageProtocol::Kitty)
        );
        assert_eq!(
            outer_protocol("xterm-256color", "WezTerm 20240203", ""),
            Some(ImageProtocol::Iterm2)
        );
        assert_eq!(
            outer_protocol("xterm-256color", "iTerm2 3.5.0", ""),
            Some(ImageProtocol::Iterm2)
        );
        assert_eq!(
            outer_protocol("foot", "foot(1.16.2)", "256,RGB,sixel,title"),
            Some(ImageProtocol::Sixel)
        );
        assert_eq!(outer_protocol("xterm-256color", "", "256,RGB,sixels"), None);
        // Detached, or a plain terminal.
        assert_eq!(outer_protocol("", "", ""), None);
        assert_eq!(outer_protocol("screen-256color", "", "256"), None);
    }
}
