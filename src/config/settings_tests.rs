use super::*;

const TEXT: &str = r#"default_profile = "work"
upload_concurrency = 4

[profiles.work]
base_url = "https://api.example.test/v1.3"
api_key_env = "WORK_KEY"

[profiles.cmd]
api_key_command = "echo from-command"

[profiles.offline]
local = true
data_dir = "/tmp/offline"
read_only = true
"#;

fn cfg() -> ConfigFile {
    super::super::file::parse(Path::new("/c.toml"), TEXT).expect("valid")
}

fn no_command(_: &str) -> Result<String, String> {
    Err("not expected".into())
}

fn flags(profile: Option<&str>, key: Option<&str>) -> FlagInputs {
    FlagInputs {
        choice: ServiceChoice {
            api_key: key.map(String::from),
            ..Default::default()
        },
        profile: profile.map(String::from),
        read_only: false,
    }
}

#[test]
fn no_file_keeps_flags_and_env() {
    let s = resolve(&flags(None, Some("k")), None, &EnvMap::default(), &no_command).expect("ok");
    assert_eq!(s.choice.api_key.as_deref(), Some("k"));
    assert_eq!(s.key_source, KeySource::FlagOrEnv);
    assert_eq!(s.profile, None);
    assert_eq!(s.upload_concurrency, DEFAULT_UPLOAD_CONCURRENCY);
    assert!(!s.verify_chunks);
}

#[test]
fn default_profile_takes_key_from_its_env_var() {
    let c = cfg();
    let env = EnvMap::from_pairs([("WORK_KEY", "wk")]);
    let s = resolve(
        &flags(None, None),
        Some((Path::new("/c.toml"), &c, TEXT)),
        &env,
        &no_command,
    )
    .expect("ok");
    assert_eq!(s.profile.as_deref(), Some("work"));
    assert_eq!(s.choice.api_key.as_deref(), Some("wk"));
    assert_eq!(
        s.choice.base_url.as_deref(),
        Some("https://api.example.test/v1.3")
    );
    assert_eq!(s.key_source, KeySource::ProfileEnv("WORK_KEY".into()));
    assert_eq!(s.upload_concurrency, 4);
}

#[test]
fn flags_and_env_beat_the_profile() {
    let c = cfg();
    let env = EnvMap::from_pairs([("WORK_KEY", "wk")]);
    let mut f = flags(None, Some("flag-key"));
    f.choice.base_url = Some("http://127.0.0.1:9/v1.3".into());
    let s = resolve(&f, Some((Path::new("/c.toml"), &c, TEXT)), &env, &no_command).expect("ok");
    assert_eq!(s.choice.api_key.as_deref(), Some("flag-key"));
    assert_eq!(s.choice.base_url.as_deref(), Some("http://127.0.0.1:9/v1.3"));
    assert_eq!(s.key_source, KeySource::FlagOrEnv);
}

#[test]
fn profile_flag_picks_another_profile() {
    let c = cfg();
    let s = resolve(
        &flags(Some("offline"), None),
        Some((Path::new("/c.toml"), &c, TEXT)),
        &EnvMap::default(),
        &no_command,
    )
    .expect("ok");
    assert!(s.choice.local);
    assert!(s.read_only);
    assert_eq!(s.choice.data_dir, Some(PathBuf::from("/tmp/offline")));
    assert_eq!(s.key_source, KeySource::None);
}

#[test]
fn key_command_is_run_for_its_profile() {
    let c = cfg();
    let run = |cmd: &str| -> Result<String, String> {
        assert_eq!(cmd, "echo from-command");
        Ok("ck".into())
    };
    let s = resolve(
        &flags(Some("cmd"), None),
        Some((Path::new("/c.toml"), &c, TEXT)),
        &EnvMap::default(),
        &run,
    )
    .expect("ok");
    assert_eq!(s.choice.api_key.as_deref(), Some("ck"));
    assert_eq!(s.key_source, KeySource::ProfileCommand);
}

#[test]
fn missing_profile_and_missing_env_var_are_clear_errors() {
    let c = cfg();
    let file = Some((Path::new("/c.toml"), &c, TEXT));
    let e = resolve(&flags(Some("nope"), None), file, &EnvMap::default(), &no_command).expect_err("missing");
    assert!(e.message.contains("nope") && e.message.contains("offline"), "{e}");
    let e = resolve(&flags(None, None), file, &EnvMap::default(), &no_command).expect_err("env var unset");
    assert_eq!(e.line, Some(6));
    assert_eq!(e.key.as_deref(), Some("profiles.work.api_key_env"));
    assert!(e.to_string().contains("WORK_KEY"), "{e}");
}

#[test]
fn failing_key_command_names_the_profile_key() {
    let c = cfg();
    let e = resolve(
        &flags(Some("cmd"), None),
        Some((Path::new("/c.toml"), &c, TEXT)),
        &EnvMap::default(),
        &|_| Err("exit status 1".into()),
    )
    .expect_err("failed");
    assert_eq!(e.key.as_deref(), Some("profiles.cmd.api_key_command"));
    assert_eq!(e.line, Some(9));
}

/// Resolves a config file of `text` alone, with no flags or environment.
fn resolve_text(text: &str) -> Result<Settings, ConfigFileError> {
    let c = super::super::file::parse(Path::new("/c.toml"), text).expect("parses");
    resolve(
        &flags(None, None),
        Some((Path::new("/c.toml"), &c, text)),
        &EnvMap::default(),
        &no_command,
    )
}

#[test]
fn bad_values_are_located() {
    let e = resolve_text("poll_interval_secs = -1\n").expect_err("negative");
    assert_eq!((e.line, e.key.as_deref()), (Some(1), Some("poll_interval_secs")));
    let e = resolve_text("[theme]\naccent = \"blurple\"\n").expect_err("colour");
    assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("theme.accent")));
}

#[test]
fn key_command_runner() {
    assert_eq!(run_key_command("printf 'abc\\nrest\\n'"), Ok("abc".into()));
    assert!(run_key_command("exit 3").is_err());
    assert!(run_key_command("true").is_err());
}

#[test]
fn describe_never_shows_the_key() {
    let s = resolve(
        &flags(None, Some("tlk_secret")),
        None,
        &EnvMap::default(),
        &no_command,
    )
    .expect("ok");
    let facts = s.describe();
    assert!(facts.iter().all(|(_, v)| !v.contains("tlk_secret")), "{facts:?}");
    assert!(
        facts.iter().any(|(k, v)| *k == "API key" && v.starts_with("set")),
        "{facts:?}"
    );
}

#[test]
fn verify_chunks_is_read_from_the_file() {
    assert!(resolve_text("verify_chunks = true\n").expect("ok").verify_chunks);
    assert!(!resolve_text("verify_chunks = false\n").expect("ok").verify_chunks);
}

#[test]
fn a_key_command_that_hangs_is_stopped() {
    let started = std::time::Instant::now();
    let e = super::run_key_command_within("sleep 30", std::time::Duration::from_millis(200))
        .expect_err("timed out");
    assert!(e.contains("did not finish"), "{e}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "killed, not waited for"
    );
    assert_eq!(
        super::run_key_command_within("echo k1; echo k2", std::time::Duration::from_secs(10)),
        Ok("k1".to_string())
    );
}

#[test]
fn refresh_secs_sets_the_period_and_zero_turns_it_off() {
    let resolve_text = |text: &str| {
        let c = super::super::file::parse(Path::new("/c.toml"), text).expect("valid");
        resolve(
            &flags(None, None),
            Some((Path::new("/c.toml"), &c, text)),
            &EnvMap::default(),
            &no_command,
        )
    };
    let none = resolve(&flags(None, None), None, &EnvMap::default(), &no_command).expect("ok");
    assert_eq!(none.refresh, Some(Duration::from_secs(DEFAULT_REFRESH_SECS)));
    assert_eq!(
        resolve_text("refresh_secs = 45\n").expect("ok").refresh,
        Some(Duration::from_secs(45))
    );
    assert_eq!(resolve_text("refresh_secs = 0\n").expect("ok").refresh, None);
    let err = resolve_text("refresh_secs = 100000\n").expect_err("too long");
    assert_eq!(err.key.as_deref(), Some("refresh_secs"));
    assert_eq!(err.line, Some(1));
    assert!(super::super::file::parse(Path::new("/c.toml"), "refresh_secs = -1\n").is_err());
}

#[test]
fn start_cache_max_age_sets_the_age_and_zero_turns_the_cache_off() {
    let resolve_text = |text: &str| {
        let c = super::super::file::parse(Path::new("/c.toml"), text).expect("valid");
        resolve(
            &flags(None, None),
            Some((Path::new("/c.toml"), &c, text)),
            &EnvMap::default(),
            &no_command,
        )
    };
    let none = resolve(&flags(None, None), None, &EnvMap::default(), &no_command).expect("ok");
    assert_eq!(
        none.start_cache_max_age,
        Some(Duration::from_secs(super::DEFAULT_START_CACHE_MAX_AGE_SECS))
    );
    assert_eq!(
        resolve_text("start_cache_max_age_secs = 600\n")
            .expect("ok")
            .start_cache_max_age,
        Some(Duration::from_secs(600))
    );
    assert_eq!(
        resolve_text("start_cache_max_age_secs = 0\n")
            .expect("ok")
            .start_cache_max_age,
        None
    );
    let err = resolve_text("start_cache_max_age_secs = 99999999\n").expect_err("too long");
    assert_eq!(err.key.as_deref(), Some("start_cache_max_age_secs"));
}

#[test]
fn preview_settings_are_read_and_checked() {
    let text = "preview_grid = \"4x2\"\npreview_cache_mb = 10\nffmpeg = \"/opt/ff/ffmpeg\"\n";
    let file = super::super::file::parse(Path::new("/c.toml"), text).expect("valid");
    let s = resolve(
        &flags(None, None),
        Some((Path::new("/c.toml"), &file, text)),
        &EnvMap::default(),
        &no_command,
    )
    .expect("resolves");
    assert_eq!(s.preview_grid, (4, 2));
    assert_eq!(s.preview_cache_mb, 10);
    assert_eq!(s.ffmpeg.as_deref(), Some(Path::new("/opt/ff/ffmpeg")));
    let bad = "preview_grid = \"9 by 9\"\n";
    let file = super::super::file::parse(Path::new("/c.toml"), bad).expect("valid toml");
    let e = resolve(
        &flags(None, None),
        Some((Path::new("/c.toml"), &file, bad)),
        &EnvMap::default(),
        &no_command,
    )
    .expect_err("refused");
    assert_eq!(e.key.as_deref(), Some("preview_grid"));
    assert_eq!(e.line, Some(1));
    assert_eq!(parse_grid(" 3X3 "), Some((3, 3)));
    assert_eq!(parse_grid("0x3"), None);
}
