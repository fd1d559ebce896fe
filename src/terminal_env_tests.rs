use super::*;

fn facts(pairs: &[(&str, &str)]) -> TerminalFacts {
    TerminalFacts::from_env(&EnvMap::from_pairs(pairs.iter().copied()), false)
}

fn tools(names: &'static [&'static str]) -> impl Fn(&str) -> bool {
    move |p| names.contains(&p)
}

#[test]
fn facts_from_env() {
    let f = facts(&[
        ("TERM", "tmux-256color"),
        ("SSH_CONNECTION", "1 2 3 4"),
        ("DISPLAY", ""),
    ]);
    assert!(f.tmux && f.ssh && !f.display);
    let f = facts(&[("TERM", "xterm-256color"), ("TMUX", "/tmp/tmux-0/default,1,0")]);
    assert!(f.tmux && !f.ssh);
    let f = facts(&[("WAYLAND_DISPLAY", "wayland-0")]);
    assert!(f.display && !f.tmux);
    assert!(TerminalFacts::from_env(&EnvMap::default(), true).display);
}

#[test]
fn image_auto_uses_the_answer_or_halfblocks() {
    assert_eq!(
        choose_image(ImageMode::Auto, None),
        Some(ImageProtocol::Halfblocks)
    );
    assert_eq!(
        choose_image(ImageMode::Auto, Some(ImageProtocol::Kitty)),
        Some(ImageProtocol::Kitty)
    );
    assert_eq!(
        choose_image(ImageMode::Sixel, Some(ImageProtocol::Kitty)),
        Some(ImageProtocol::Sixel)
    );
    assert_eq!(choose_image(ImageMode::Off, Some(ImageProtocol::Kitty)), None);
    assert!(!should_query_terminal(ImageMode::Off));
    assert!(should_query_terminal(ImageMode::Auto));
}

#[test]
fn clipboard_prefers_osc52_over_ssh_even_with_a_local_tool() {
    let remote = facts(&[("SSH_TTY", "/dev/pts/3"), ("DISPLAY", ":0")]);
    let has = tools(&["pbcopy", "xclip"]);
    assert_eq!(
        choose_clipboard(ClipboardMode::Auto, &remote, &has),
        ClipboardPlan::Osc52 { tmux: false }
    );
}

#[test]
fn clipboard_wraps_for_tmux_and_uses_osc52_without_display() {
    let headless_tmux = facts(&[("TMUX", "x"), ("TERM", "screen")]);
    assert_eq!(
        choose_clipboard(ClipboardMode::Auto, &headless_tmux, &tools(&["xclip"])),
        ClipboardPlan::Osc52 { tmux: true }
    );
}

#[test]
fn clipboard_local_with_display_uses_the_first_tool_found() {
    let local = facts(&[("WAYLAND_DISPLAY", "wayland-0"), ("DISPLAY", ":0")]);
    match choose_clipboard(ClipboardMode::Auto, &local, &tools(&["xsel", "wl-copy"])) {
        ClipboardPlan::Native(t) => assert_eq!(t.program, "wl-copy"),
        other => panic!("unexpected {other:?}"),
    }
    // No tool: OSC 52 still has a chance.
    assert_eq!(
        choose_clipboard(ClipboardMode::Auto, &local, &tools(&[])),
        ClipboardPlan::Osc52 { tmux: false }
    );
    assert_eq!(
        choose_clipboard(ClipboardMode::Native, &local, &tools(&[])),
        ClipboardPlan::NoTool
    );
    assert_eq!(
        choose_clipboard(ClipboardMode::Off, &local, &tools(&["xsel"])),
        ClipboardPlan::Off
    );
    assert_eq!(
        choose_clipboard(ClipboardMode::Osc52, &local, &tools(&["xsel"])),
        ClipboardPlan::Osc52 { tmux: false }
    );
}

#[test]
fn player_choice() {
    let local = EnvMap::from_pairs([("DISPLAY", ":0")]);
    let f = TerminalFacts::from_env(&local, false);
    assert_eq!(
        choose_player(&local, &f, &tools(&["vlc", "mpv"])),
        Launch::Program(vec!["mpv".into()])
    );
    assert_eq!(choose_player(&local, &f, &tools(&[])), Launch::SystemOpener);
    let custom = EnvMap::from_pairs([("DISPLAY", ":0"), ("TL_ASSETS_PLAYER", "iina --no-stdin")]);
    assert_eq!(
        choose_player(&custom, &f, &tools(&["mpv"])),
        Launch::Program(vec!["iina".into(), "--no-stdin".into()])
    );
    let ssh = EnvMap::from_pairs([
        ("DISPLAY", ":0"),
        ("SSH_TTY", "/dev/pts/1"),
        ("TL_ASSETS_PLAYER", "mpv"),
    ]);
    let fs = TerminalFacts::from_env(&ssh, false);
    assert!(matches!(
        choose_player(&ssh, &fs, &tools(&["mpv"])),
        Launch::ShowUrl(_)
    ));
    let headless = EnvMap::default();
    let fh = TerminalFacts::from_env(&headless, false);
    assert_eq!(
        choose_player(&headless, &fh, &tools(&["mpv"])),
        Launch::ShowUrl("no display")
    );
}

#[test]
fn browser_choice() {
    let env = EnvMap::from_pairs([("DISPLAY", ":0"), ("BROWSER", "firefox:chromium")]);
    let f = TerminalFacts::from_env(&env, false);
    assert_eq!(choose_browser(&env, &f), Launch::Program(vec!["firefox".into()]));
    let env = EnvMap::from_pairs([("DISPLAY", ":0")]);
    assert_eq!(choose_browser(&env, &f), Launch::SystemOpener);
    let env = EnvMap::from_pairs([("DISPLAY", ":0"), ("SSH_CONNECTION", "a b c d")]);
    let f = TerminalFacts::from_env(&env, false);
    assert!(matches!(choose_browser(&env, &f), Launch::ShowUrl(_)));
}

#[test]
fn finds_programs_in_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tool = dir.path().join("fakecopy");
    std::fs::write(&tool, "#!/bin/sh\n").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let path = dir.path().to_string_lossy().into_owned();
    assert_eq!(find_in_path("fakecopy", Some(&path)), Some(tool));
    assert_eq!(find_in_path("missing", Some(&path)), None);
    assert_eq!(find_in_path("fakecopy", None), None);
}

#[test]
fn describe_lists_the_facts() {
    let f = facts(&[("TERM", "tmux-256color"), ("SSH_TTY", "/dev/pts/1")]);
    let lines = f.describe();
    assert!(lines.contains(&("TERM", "tmux-256color".to_string())));
    assert!(lines.contains(&("SSH", "yes".to_string())));
    assert!(lines.contains(&("tmux", "yes".to_string())));
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let plain = EnvMap::from_pairs([]);
    assert!(colour_wanted(&plain, true));
    assert!(!colour_wanted(&plain, false), "a pipe gets no colour");
    assert!(!colour_wanted(&EnvMap::from_pairs([("NO_COLOR", "1")]), true));
    assert!(
        colour_wanted(&EnvMap::from_pairs([("NO_COLOR", "")]), true),
        "an empty NO_COLOR does not count (no-color.org)"
    );
}
