//! Copying (`y` the id, `Y` a menu of id / HLS URL / thumbnail URL / JSON) and opening (`o`: the
//! HLS manifest in a player, else the thumbnail in a browser). Both follow the plans decided at
//! start ([`crate::tui::terminal::surroundings::Surroundings`]); when opening is not possible here
//! (SSH, no display, a failed launch) the URL is shown in a dialog that offers to copy it.

use crossterm::event::{KeyCode, KeyEvent};

use crate::terminal_env::{ClipboardPlan, Launch};

use crate::tui::app::App;
use crate::tui::dialogs::{Choice, CopyMenu, DialogOutcome, Modal, ShowUrl, dialog_step, hls_url, thumb_url};
use crate::tui::effect::Effect;
use crate::tui::input::keymap::Action;
use crate::tui::msg::RequestId;

/// What the status bar says while `o` waits for the asset's fresh URLs.
const RENEWING: &str = "reading the asset for a fresh URL…";
use crate::tui::task_error::{CopyError, OpenError};
use crate::tui::terminal::osc52;

impl App {
    /// `y`: copies the selected asset's id.
    pub(in crate::tui) fn copy_id(&mut self) -> Vec<Effect> {
        match self.list.selected_asset().map(|a| a.id.clone()) {
            Some(id) => self.copy("asset id", id),
            None => Vec::new(),
        }
    }

    /// `Y`: opens the copy menu for the selected asset. When it offers a file URL, the asset is
    /// read again meanwhile and the menu takes the fresh URLs (file URLs expire, docs/contract.md
    /// §15.10).
    pub(in crate::tui) fn open_copy_menu(&mut self) -> Vec<Effect> {
        let Some(asset) = self.list.selected_asset() else {
            return Vec::new();
        };
        let menu = CopyMenu::for_asset(asset);
        let has_url = menu.entries[1..3].iter().any(|e| e.1.is_ok());
        self.modal = Some(Modal::CopyMenu(menu));
        if has_url {
            self.renew_urls(false)
        } else {
            Vec::new()
        }
    }

    /// Reads the selected asset again for fresh file URLs; `then_open` opens it once read.
    fn renew_urls(&mut self, then_open: bool) -> Vec<Effect> {
        let Some(id) = self.list.selected_id() else {
            return Vec::new();
        };
        let request_id = self.request_id();
        self.detail_request = Some(request_id);
        self.url_renewal = Some((request_id, id.clone(), then_open));
        vec![Effect::FetchDetail { request_id, id }]
    }

    /// A read of an asset arrived (or failed): what `o` or `Y` waited for goes on, with the
    /// fresh URLs (or, after a failure, the ones it had) for the asset still selected.
    pub(in crate::tui) fn after_url_renewal(&mut self, request_id: RequestId) -> Vec<Effect> {
        let Some((_, id, then_open)) = self.url_renewal.take_if(|r| r.0 == request_id) else {
            return Vec::new();
        };
        if self.notices.flash.as_deref() == Some(RENEWING) {
            self.notices.flash = None;
        }
        if self.list.selected_id().as_deref() != Some(id.as_str()) {
            return Vec::new();
        }
        if then_open {
            return self.open_now();
        }
        if let (Some(Modal::CopyMenu(menu)), Some(asset)) = (&mut self.modal, self.list.selected_asset())
            && menu
                .entries
                .first()
                .is_some_and(|e| e.1.as_deref() == Ok(id.as_str()))
        {
            let selected = menu.selected;
            *menu = CopyMenu::for_asset(asset);
            if menu.entries.get(selected).is_some_and(|e| e.1.is_ok()) {
                menu.selected = selected;
            }
        }
        Vec::new()
    }

    /// Sends `text` to the clipboard the plan names; the message says what was done, never
    /// more than can be known.
    pub(in crate::tui) fn copy(&mut self, label: &str, text: String) -> Vec<Effect> {
        match &self.surroundings.clipboard {
            ClipboardPlan::Off => {
                self.notices.flash = Some("copying is off (clipboard = \"off\" in the config)".into());
                Vec::new()
            }
            ClipboardPlan::NoTool => {
                self.notices.flash = Some(
                    "no clipboard program found (wl-copy, xclip, xsel, pbcopy); try clipboard = \"osc52\""
                        .into(),
                );
                Vec::new()
            }
            ClipboardPlan::Osc52 { tmux } => match osc52::bytes_for(&text, *tmux) {
                Ok(bytes) => vec![Effect::WriteTerminal {
                    bytes,
                    done: format!("{label} sent to terminal clipboard (OSC 52)"),
                }],
                Err(e) => {
                    self.notices.flash = Some(format!(
                        "{label} is too large for the terminal clipboard ({} bytes encoded, at most {})",
                        e.encoded,
                        osc52::MAX_ENCODED
                    ));
                    Vec::new()
                }
            },
            ClipboardPlan::Native(tool) => vec![Effect::RunClipboardTool {
                tool: *tool,
                text,
                label: label.to_string(),
            }],
        }
    }

    /// `o`: the HLS manifest in a player, else the thumbnail in a browser, with a fresh URL:
    /// the asset is read again first (file URLs expire, docs/contract.md §15.10).
    pub(in crate::tui) fn open_selected(&mut self) -> Vec<Effect> {
        let Some(asset) = self.list.selected_asset() else {
            return Vec::new();
        };
        if hls_url(asset).is_err() && thumb_url(asset).is_err() {
            // Nothing to open: say why at once.
            return self.open_now();
        }
        self.notices.flash = Some(RENEWING.into());
        self.renew_urls(true)
    }

    /// Opens what the selected asset has, or says why nothing.
    fn open_now(&mut self) -> Vec<Effect> {
        let Some(asset) = self.list.selected_asset() else {
            return Vec::new();
        };
        let (title, url, launch) = match (hls_url(asset), thumb_url(asset)) {
            (Ok(url), _) => ("HLS manifest", url, self.surroundings.player.clone()),
            (Err(_), Ok(url)) => ("thumbnail", url, self.surroundings.browser.clone()),
            (Err(hls), Err(thumb)) => {
                // "Yet" only while one of them is being made.
                let yet = if hls.later || thumb.later { " yet" } else { "" };
                let why = if hls.why == thumb.why {
                    hls.why
                } else {
                    format!("{}, {}", hls.why, thumb.why)
                };
                self.notices.flash = Some(format!("nothing to open{yet}: {why}"));
                return Vec::new();
            }
        };
        match launch {
            Launch::ShowUrl(why) => {
                self.show_url(title, url, format!("Not opened here ({why})."));
                Vec::new()
            }
            launch => {
                self.notices.flash = Some(format!("opening the {title}…"));
                vec![Effect::Open {
                    title: title.to_string(),
                    url,
                    launch,
                }]
            }
        }
    }

    fn show_url(&mut self, title: &str, url: String, reason: String) {
        self.modal = Some(Modal::ShowUrl(ShowUrl {
            title: title.to_string(),
            url,
            reason,
            choice: Choice::Proceed,
        }));
    }

    /// A launch ended: a failure shows the URL instead.
    pub(in crate::tui) fn on_open_done(
        &mut self,
        title: String,
        url: String,
        result: Result<String, OpenError>,
    ) {
        match result {
            Ok(how) => self.notices.flash = Some(format!("opened the {title} with {how}")),
            Err(e) => self.show_url(&title, url, format!("Could not open it: {e}")),
        }
    }

    /// A copy through a native program ended.
    pub(in crate::tui) fn on_copy_done(&mut self, result: Result<String, CopyError>) {
        self.notices.flash = Some(match result {
            Ok(msg) => msg,
            Err(e) => format!("copy failed: {e}"),
        });
    }

    /// Keys in the copy menu: up/down, confirm, cancel, or the entry's number.
    pub(in crate::tui) fn on_menu_key(&mut self, ev: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
        let Some(Modal::CopyMenu(menu)) = &mut self.modal else {
            return Vec::new();
        };
        if let KeyCode::Char(c @ '1'..='9') = ev.code {
            let i = (c as usize) - ('1' as usize);
            match menu.entries.get(i) {
                None => return Vec::new(),
                Some((label, Err(why))) => {
                    self.notices.flash = Some(format!("no {label} to copy: {why}"));
                    return Vec::new();
                }
                Some(_) => menu.selected = i,
            }
        } else {
            match action {
                Some(Action::Down) => menu.step(1),
                Some(Action::Up) => menu.step(-1),
                Some(Action::Confirm) => {}
                Some(Action::Cancel) => {
                    self.modal = None;
                    return Vec::new();
                }
                _ => return Vec::new(),
            }
            if action != Some(Action::Confirm) {
                return Vec::new();
            }
        }
        let Some((label, Ok(text))) = menu.entries.get(menu.selected).cloned() else {
            return Vec::new();
        };
        self.modal = None;
        self.copy(label, text)
    }

    /// Keys in the URL dialog: Close or Copy.
    pub(in crate::tui) fn on_url_key(&mut self, action: Option<Action>) -> Vec<Effect> {
        let (Some(action), Some(Modal::ShowUrl(d))) = (action, &mut self.modal) else {
            return Vec::new();
        };
        match dialog_step(&mut d.choice, action) {
            DialogOutcome::Stay => Vec::new(),
            DialogOutcome::Cancelled => {
                self.modal = None;
                Vec::new()
            }
            DialogOutcome::Proceed => {
                let (title, url) = (d.title.clone(), d.url.clone());
                self.modal = None;
                self.copy(&format!("{title} URL"), url)
            }
        }
    }
}
