//! Documents from the command line, against the embedded platform: a PDF and a folder holding a
//! Markdown file upload; `list --type document` finds just them; `get` prints the document
//! fields for people and the API's JSON with `--json`; a PDF that is not one is refused before
//! anything is sent.

use crate::support::embedded_cli::{code, json_out, run, sample, stderr};
use crate::support::pdf_gen::{PdfSpec, pdf, utf16};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn documents_upload_filter_and_show_their_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let files = d.join("files");
    std::fs::create_dir_all(&files).expect("mkdir");
    let report = files.join("Report.PDF");
    let spec = PdfSpec {
        pages: 4,
        tagged: true,
        info: vec![("Title", utf16("Harbour report")), ("Author", b"Kim".to_vec())],
        ..PdfSpec::default()
    };
    std::fs::write(&report, pdf(&spec)).expect("write");
    let folder = d.join("folder");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("notes.md"), "# Notes\n").expect("write");

    let up = json_out(&run(
        d,
        &[
            "upload",
            report.to_str().expect("utf-8"),
            "--thumbnail",
            "--poll-interval",
            "0.1",
            "--json",
        ],
    ));
    assert_eq!(up["status"], "ready", "{up}");
    assert_eq!(up["file_type"], "application/pdf");
    let id = up["_id"].as_str().expect("id").to_string();
    run(
        d,
        &[
            "upload",
            sample("sample-image.jpg").to_str().expect("utf-8"),
            "--json",
        ],
    );
    let md = run(d, &["upload", folder.to_str().expect("utf-8")]);
    assert_eq!(code(&md), 0, "{}", stderr(&md));

    let docs = json_out(&run(d, &["list", "--json", "--all", "--type", "document"]));
    let mut types: Vec<&str> = docs
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["file_type"].as_str().expect("type"))
        .collect();
    types.sort_unstable();
    assert_eq!(types, vec!["application/pdf", "text/markdown"], "{docs}");
    let table = stdout(&run(d, &["list", "--type", "document"]));
    assert_eq!(table.matches("document").count(), 2, "{table}");

    let human = stdout(&run(d, &["get", &id]));
    let fields: std::collections::HashMap<&str, &str> = human
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    for (k, v) in [
        ("type", "application/pdf"),
        ("pages", "4"),
        ("page size", "595.28 x 841.89 pt"),
        ("version", "PDF 1.4"),
        ("title", "Harbour report"),
        ("author", "Kim"),
        ("tagged", "yes"),
        ("encrypted", "no"),
    ] {
        assert_eq!(fields.get(k).copied(), Some(v), "{k} in:\n{human}");
    }
    assert!(
        fields
            .get("thumbnail")
            .is_some_and(|t| t.starts_with("ready http")),
        "{human}"
    );
    let json = json_out(&run(d, &["get", &id, "--json"]));
    assert_eq!(json["technical_metadata"]["document_page_count"], 4, "{json}");
    assert_eq!(
        json["technical_metadata"]["document_is_encrypted"], false,
        "{json}"
    );

    // A file named .pdf that is not one: refused locally, with what to do, and nothing stored.
    let before = json_out(&run(d, &["list", "--json", "--all"]))
        .as_array()
        .map(Vec::len);
    let fake = d.join("fake.pdf");
    std::fs::write(&fake, "just words").expect("write");
    let bad = run(d, &["upload", fake.to_str().expect("utf-8")]);
    assert_ne!(code(&bad), 0);
    assert!(stderr(&bad).contains("not a PDF"), "{}", stderr(&bad));
    let all = json_out(&run(d, &["list", "--json", "--all"]));
    assert_eq!(all.as_array().map(Vec::len), before, "{all}");
}
