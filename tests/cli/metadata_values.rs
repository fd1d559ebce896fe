//! `meta --set` with the 1.3.5 values against the embedded platform: the shared table of lines
//! (the editor reads the same one), integers past a double stored as typed, and `meta ID`'s
//! output pasted back into `--set` storing exactly the same set.

use crate::support::embedded_cli::{code, json_out, run, sample, stderr};
use crate::support::metadata_lines::lines;
use serde_json::json;

fn upload(d: &std::path::Path) -> String {
    let image = sample("sample-image.jpg");
    let up = run(
        d,
        &[
            "upload",
            image.to_str().expect("utf-8"),
            "--poll-interval",
            "0.1",
            "--json",
        ],
    );
    json_out(&up)["_id"].as_str().expect("_id").to_string()
}

#[test]
fn set_lines_store_what_the_table_says() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let id = upload(d);
    for (line, expected) in lines() {
        let before = json_out(&run(d, &["meta", &id, "--json"]));
        let out = run(d, &["meta", &id, "--replace", "--set", line, "--json"]);
        match expected {
            Some(v) => {
                let stored = json_out(&out);
                assert_eq!(stored, json!({ "k": v }), "{line}");
            }
            None => {
                assert_eq!(code(&out), 2, "{line}: {}", stderr(&out));
                assert!(stderr(&out).contains("--set"), "{line}: {}", stderr(&out));
                assert_eq!(json_out(&run(d, &["meta", &id, "--json"])), before, "{line}");
            }
        }
    }
}

#[test]
fn printed_metadata_pastes_back_to_the_same_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let id = upload(d);
    let set = [
        "big=123456789012345678901",
        "code=\"007\"",
        "flag='true'",
        "tags=[summer, \"a, b\", ' lead']",
        "ratio=0.30000000000000004",
        "n=-42",
        "note=it's [not] a list",
    ];
    let mut args = vec!["meta", id.as_str(), "--replace"];
    for s in &set {
        args.extend(["--set", s]);
    }
    args.push("--json");
    let first = json_out(&run(d, &args));
    assert_eq!(first["big"], json!("123456789012345678901"), "{first}");
    assert_eq!(first["code"], json!("007"));
    assert_eq!(first["tags"], json!(["summer", "a, b", " lead"]));

    // The human output, line by line, back into --set.
    let shown = run(d, &["meta", &id]);
    assert_eq!(code(&shown), 0, "{}", stderr(&shown));
    let text = String::from_utf8(shown.stdout).expect("utf-8");
    assert!(text.contains("code=\"007\"\n"), "{text}");
    assert!(text.contains("big=123456789012345678901\n"), "{text}");
    let mut args = vec!["meta".to_string(), id.clone(), "--replace".to_string()];
    for line in text.lines() {
        args.extend(["--set".to_string(), line.to_string()]);
    }
    args.push("--json".to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(json_out(&run(d, &args)), first, "pasted back from:\n{text}");
}

/// `get` shows where a connector import came from, for a person and in `--json`.
#[cfg(feature = "test-hooks")]
#[test]
fn get_shows_a_connector_source() {
    use crate::support::cli::{Served, stdout};
    use tl_assets::api::types::{AssetSource, SourceDetails};
    let served = Served::start();
    let image = sample("sample-image.jpg");
    let up = served.run(&[
        "upload",
        image.to_str().expect("utf-8"),
        "--poll-interval",
        "0.1",
        "--json",
    ]);
    let id = json_out(&up)["_id"].as_str().expect("_id").to_string();
    let source = AssetSource {
        kind: Some("connector".into()),
        details: Some(SourceDetails {
            provider: Some("google_drive".into()),
            source_id: Some("1AbCdEfGhIjK".into()),
            original_filename: Some("Harbor cut.mov".into()),
            source_link: Some("https://drive.example/file/1AbCdEfGhIjK".into()),
        }),
    };
    let marked = served.with_platform(async |p| tl_assets::platform::mark_connector(p, &id, &source).await);
    assert!(marked.expect("store"));
    let json = json_out(&served.run(&["get", &id, "--json"]));
    assert_eq!(json["method"], "connector");
    assert_eq!(json["source"]["details"]["source_id"], "1AbCdEfGhIjK");
    assert_eq!(json["source"]["type"], "connector");
    let human = served.run(&["get", &id]);
    let text = stdout(&human);
    for want in [
        "method",
        "connector",
        "source provider",
        "google_drive",
        "source name",
        "Harbor cut.mov",
        "source link",
        "https://drive.example/file/1AbCdEfGhIjK",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
}
