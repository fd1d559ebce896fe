//! What the app decided at start about the terminal around it: how to copy, how to open URLs,
//! how to draw thumbnails, and the facts shown under "About". `update` reads these; it never
//! looks at the environment itself.

use crate::terminal_env::{
    ClipboardMode, ClipboardPlan, EnvMap, ImageProtocol, Launch, TerminalFacts, choose_browser,
    choose_clipboard, choose_player,
};

/// The decisions and facts; the default (used by tests) sends OSC 52, shows URLs instead of
/// opening them, and draws no thumbnails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surroundings {
    pub clipboard: ClipboardPlan,
    pub player: Launch,
    pub browser: Launch,
    /// `None`: thumbnails are off.
    pub image: Option<ImageProtocol>,
    /// Label/value lines for the About section of the help overlay.
    pub about: Vec<(String, String)>,
}

impl Default for Surroundings {
    fn default() -> Self {
        Self {
            clipboard: ClipboardPlan::Osc52 { tmux: false },
            player: Launch::ShowUrl("not detected"),
            browser: Launch::ShowUrl("not detected"),
            image: None,
            about: Vec::new(),
        }
    }
}

/// The About label of the image line.
const IMAGES: &str = "images";

fn image_text(image: Option<ImageProtocol>, cell_size: Option<(u16, u16)>) -> String {
    match (image, cell_size) {
        (None, _) => "off".to_string(),
        (Some(p), Some((w, h))) => format!("{} (cell {w}x{h} px)", p.name()),
        (Some(p), None) => p.name().to_string(),
    }
}

impl Surroundings {
    /// Thumbnails wait for the terminal's answer to the graphics query.
    pub fn set_image_pending(&mut self) {
        self.image = None;
        self.set_about(IMAGES, "waiting for the terminal's answer".to_string());
    }

    /// The terminal answered: draw thumbnails with `image` (`None`: off).
    pub fn set_image(&mut self, image: Option<ImageProtocol>, cell_size: Option<(u16, u16)>) {
        self.image = image;
        self.set_about(IMAGES, image_text(image, cell_size));
    }

    fn set_about(&mut self, label: &str, value: String) {
        match self.about.iter_mut().find(|(k, _)| k == label) {
            Some((_, v)) => *v = value,
            None => self.about.push((label.to_string(), value)),
        }
    }

    /// Decides from the environment, the clipboard setting and which programs exist.
    /// `image` and `cell_size` come from the terminal query (see `terminal/graphics_pick.rs`).
    pub fn decide(
        env: &EnvMap,
        facts: &TerminalFacts,
        clipboard: ClipboardMode,
        has: &dyn Fn(&str) -> bool,
        image: Option<ImageProtocol>,
        cell_size: Option<(u16, u16)>,
    ) -> Self {
        let clipboard = choose_clipboard(clipboard, facts, has);
        let player = choose_player(env, facts, has);
        let browser = choose_browser(env, facts);
        let mut about: Vec<(String, String)> = facts
            .describe()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        about.push((IMAGES.to_string(), image_text(image, cell_size)));
        about.push(("clipboard".to_string(), clipboard.describe()));
        about.push(("player".to_string(), player.describe()));
        about.push(("browser".to_string(), browser.describe()));
        Self {
            clipboard,
            player,
            browser,
            image,
            about,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_ssh_in_tmux() {
        let env = EnvMap::from_pairs([
            ("SSH_TTY", "/dev/pts/0"),
            ("TMUX", "x"),
            ("TERM", "tmux-256color"),
        ]);
        let facts = TerminalFacts::from_env(&env, false);
        let s = Surroundings::decide(
            &env,
            &facts,
            ClipboardMode::Auto,
            &|p| p == "xclip" || p == "mpv",
            Some(ImageProtocol::Halfblocks),
            None,
        );
        assert_eq!(s.clipboard, ClipboardPlan::Osc52 { tmux: true });
        assert!(matches!(s.player, Launch::ShowUrl(_)));
        assert!(s.about.iter().any(|(k, v)| k == "images" && v == "halfblocks"));
        assert!(s.about.iter().any(|(k, v)| k == "tmux" && v == "yes"));
    }
}
