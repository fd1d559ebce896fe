//! Which kitty terminals draw the thumbnails. The image library places kitty images with
//! Unicode placeholders, which kitty draws from 0.28 on; an older kitty (Debian 12 ships 0.26)
//! answers the graphics query all the same, then shows every placeholder cell as an empty box
//! where the picture should be. Such a kitty gets half blocks instead.

/// The first kitty version that draws Unicode placeholders, as (major, minor).
const PLACEHOLDERS_SINCE: (u32, u32) = (0, 28);

/// False when `terminal`, a terminal's own name and version (`kitty(0.26.5)`, as the terminal
/// reports it and tmux repeats it), names a kitty older than 0.28; true for anything else,
/// an unreadable version included (a kitty that hides its version is a recent one).
pub fn draws_placeholders(terminal: &str) -> bool {
    let lower = terminal.to_ascii_lowercase();
    let Some(rest) = lower.split("kitty(").nth(1) else {
        return true;
    };
    let version = rest.split(')').next().unwrap_or("");
    let mut parts = version.split('.').map(|p| p.trim().parse::<u32>());
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor) >= PLACEHOLDERS_SINCE,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::draws_placeholders;

    #[test]
    fn kitty_before_0_28_draws_no_placeholders() {
        assert!(!draws_placeholders("kitty(0.26.5)"));
        assert!(!draws_placeholders("kitty(0.27.1)"));
        assert!(!draws_placeholders("Kitty(0.21)"));
        assert!(draws_placeholders("kitty(0.28.0)"));
        assert!(draws_placeholders("kitty(0.35.2)"));
        assert!(draws_placeholders("kitty(1.0.0)"));
    }

    #[test]
    fn other_terminals_and_unreadable_versions_are_left_alone() {
        assert!(draws_placeholders("ghostty 1.1.3"));
        assert!(draws_placeholders("XTerm(390)"));
        assert!(draws_placeholders("WezTerm 20240203"));
        assert!(draws_placeholders(""));
        assert!(draws_placeholders("kitty("));
        assert!(draws_placeholders("kitty(x.y)"));
    }
}
