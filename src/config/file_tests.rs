use super::*;

fn p() -> &'static Path {
    Path::new("/home/u/.config/tl-assets/config.toml")
}

#[test]
fn a_full_file_parses() {
    let text = r#"
default_profile = "work"
image = "halfblocks"
clipboard = "osc52"
poll_interval_secs = 2.5
upload_concurrency = 3
read_only = false

[profiles.work]
base_url = "https://api.twelvelabs.io/v1.3"
api_key_env = "WORK_TL_KEY"

[profiles.offline]
local = true
data_dir = "/tmp/tl"

[theme]
accent = "magenta"

[keymap.list]
down = ["n"]
"#;
    let cfg = parse(p(), text).expect("valid");
    assert_eq!(cfg.default_profile.as_deref(), Some("work"));
    assert_eq!(cfg.image, Some(ImageMode::Halfblocks));
    assert_eq!(cfg.clipboard, Some(ClipboardMode::Osc52));
    assert_eq!(cfg.profiles.len(), 2);
    assert_eq!(cfg.profiles["offline"].local, Some(true));
    assert_eq!(cfg.theme.accent.as_deref(), Some("magenta"));
    assert!(cfg.keymap.is_some());
}

#[test]
fn an_empty_file_is_fine() {
    assert_eq!(parse(p(), "").expect("valid"), ConfigFile::default());
}

#[test]
fn a_bad_value_names_file_line_and_key() {
    let text = "clipboard = \"auto\"\n\nimage = \"pixels\"\n";
    let e = parse(p(), text).expect_err("bad variant");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.key.as_deref(), Some("image"));
    let shown = e.to_string();
    assert!(shown.contains("config.toml"), "{shown}");
    assert!(shown.contains("line 3"), "{shown}");
    assert!(shown.contains("`image`"), "{shown}");
    assert!(shown.contains("pixels"), "{shown}");
}

#[test]
fn a_typo_in_a_profile_names_the_dotted_key() {
    let text = "[profiles.work]\nbase_url = \"https://x\"\napi_kye_env = \"K\"\n";
    let e = parse(p(), text).expect_err("unknown field");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.key.as_deref(), Some("profiles.work.api_kye_env"));
    assert!(e.message.contains("api_kye_env"), "{}", e.message);
}

#[test]
fn a_plain_key_is_refused() {
    let e = parse(p(), "[profiles.work]\napi_key = \"tlk_secret\"\n").expect_err("no plain keys");
    assert_eq!(e.key.as_deref(), Some("profiles.work.api_key"));
    assert!(
        !e.to_string().contains("tlk_secret"),
        "the key must not be echoed: {e}"
    );
}

#[test]
fn broken_toml_has_a_line() {
    let e = parse(p(), "image = \"auto\"\nread_only = \n").expect_err("syntax");
    assert_eq!(e.line, Some(2));
}

#[test]
fn semantic_errors_find_the_line() {
    let text = "image = \"auto\"\n[profiles.a]\nbase_url = \"x\"\napi_key_env = \"K\"\n";
    let e = semantic_error(p(), text, Some("profiles.a"), "api_key_env", "not set".into());
    assert_eq!(e.line, Some(4));
    assert_eq!(e.key.as_deref(), Some("profiles.a.api_key_env"));
}

#[test]
fn missing_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    assert_eq!(load(&path, false), Ok(None));
    let e = load(&path, true).expect_err("named file must exist");
    assert!(e.to_string().contains("cannot read"), "{e}");
}

#[test]
fn path_precedence() {
    let env = EnvMap::from_pairs([("TL_ASSETS_CONFIG", "/etc/tl.toml")]);
    assert_eq!(
        config_path(Some(Path::new("/x.toml")), &env),
        Some((PathBuf::from("/x.toml"), true))
    );
    assert_eq!(
        config_path(None, &env),
        Some((PathBuf::from("/etc/tl.toml"), true))
    );
    if let Some((path, named)) = config_path(None, &EnvMap::default()) {
        assert!(path.ends_with("config.toml"));
        assert!(!named);
    }
}
