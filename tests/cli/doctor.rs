//! `doctor`, shell completions and mistakes in the config file, through the binary: what doctor
//! reports of the service, the terminal and the config, completions that need no settings, and
//! a keymap mistake named by its line.

use std::process::{Command, Stdio};

use crate::support::embedded_cli::{code, json_out, run, stderr};

#[test]
fn doctor_and_completions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = json_out(&run(dir.path(), &["doctor", "--json"]));
    assert_eq!(doc["reachable"], true, "{doc}");
    assert_eq!(doc["api_version"], "1.3");
    assert_eq!(doc["service"], "embedded local platform");
    assert!(
        doc["base_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:"))
    );
    assert!(doc["platform_data_dir"].is_string());
    let human = run(dir.path(), &["doctor"]);
    assert_eq!(code(&human), 0);
    assert!(String::from_utf8_lossy(&human.stdout).contains("X-Api-Version"));

    for shell in ["bash", "zsh", "fish"] {
        let c = run(dir.path(), &["completions", shell]);
        assert_eq!(code(&c), 0, "{shell}");
        assert!(
            String::from_utf8_lossy(&c.stdout).contains("tl-assets"),
            "{shell}"
        );
    }
    assert_eq!(code(&run(dir.path(), &["completions", "tcsh"])), 2);
}

/// Completions read no settings: a broken config file breaks the commands that use it (exit 2
/// naming the file), never the shell's completion script.
#[test]
fn completions_work_with_a_broken_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "image = \"pixels\"\n").expect("write config");
    let with_config = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tl-assets"))
            .arg("--config")
            .arg(&config)
            .args(args)
            .env_remove("TWELVE_LABS_API_KEY")
            .stdin(Stdio::null())
            .output()
            .expect("run binary")
    };
    let listed = with_config(&["--data-dir", &dir.path().display().to_string(), "list"]);
    assert_eq!(code(&listed), 2, "{}", stderr(&listed));
    assert!(stderr(&listed).contains("config.toml"), "{}", stderr(&listed));
    let c = with_config(&["completions", "bash"]);
    assert_eq!(code(&c), 0, "{}", stderr(&c));
    assert!(String::from_utf8_lossy(&c.stdout).contains("tl-assets"));
}

/// `doctor` reports the terminal as the UI sees it (tmux, SSH, clipboard, images) and the
/// config file, decided from the environment it is given.
#[test]
fn doctor_reports_terminal_and_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "clipboard = \"osc52\"\nimage = \"halfblocks\"\n").expect("config");
    let out = Command::new(env!("CARGO_BIN_EXE_tl-assets"))
        .args(["--data-dir"])
        .arg(dir.path().join("data"))
        .args(["doctor", "--json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("TERM", "xterm-256color")
        .env("TMUX", "/tmp/tmux-0/default,1,0")
        .env("SSH_TTY", "/dev/pts/3")
        .env("TL_ASSETS_CONFIG", &config)
        .env("TL_ASSETS_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run binary");
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_out(&out);
    let env = &doc["environment"];
    assert_eq!(env["TERM"], "xterm-256color", "{doc}");
    assert_eq!(env["tmux"], "yes");
    assert_eq!(env["SSH"], "yes");
    assert_eq!(env["images"], "halfblocks (not asked: not a terminal)");
    assert!(
        env["clipboard"]
            .as_str()
            .is_some_and(|c| c.contains("OSC 52") && c.contains("tmux")),
        "{env}"
    );
    assert_eq!(env["config file"], config.display().to_string());
    assert!(env.get("API key").is_none(), "printed once, at the top: {env}");
}

/// A mistake in the config file's `[keymap]` stops the TUI before it takes the terminal, and is
/// reported like any other config mistake: file, line, key, and what would be valid.
#[test]
fn a_keymap_mistake_names_its_line_and_the_valid_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "image = \"off\"\n\n[keymap.list]\ndown = [\"n\", \"down\"]\nfly = [\"x\"]\n",
    )
    .expect("write");
    let config_arg = config.display().to_string();
    let out = run(dir.path(), &["--config", &config_arg]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("line 5") && err.contains("key `keymap.list.fly`"),
        "{err}"
    );
    assert!(err.contains("unknown action; [list] has down, up"), "{err}");
}
