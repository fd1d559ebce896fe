//! Document assets over loopback (docs/contract.md §16): PDFs made in the test are probed for
//! every `document_*` field and get page 1 as the thumbnail; text and Markdown get neither
//! thumbnail nor HLS; encrypted, truncated and fake PDFs, non-UTF-8 text and a name that
//! disagrees with the content each get a 400 that says what to change; `asset_types=document`.

use crate::pdf_gen::{PdfSpec, encrypted_pdf, pdf, utf16};
use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

const BOTH: [(&str, &str); 2] = [("enable_thumbnail", "true"), ("enable_hls", "true")];

fn rich_pdf() -> Vec<u8> {
    pdf(&PdfSpec {
        pages: 3,
        header_version: "1.4",
        catalog_version: Some("1.7"),
        lang: Some("en-GB"),
        tagged: true,
        info: vec![
            ("Title", utf16("Tide tables — 2026")),
            // PDFDocEncoding: 0x8D/0x8E are curly quotes, 0xE9 is é.
            ("Author", b"Ren\xe9e \x8dHarbour\x8e".to_vec()),
            ("Subject", b"tides".to_vec()),
            ("Keywords", b"tide, harbour".to_vec()),
            ("Creator", b"Writer".to_vec()),
            ("Producer", b"pdf_gen".to_vec()),
            ("CreationDate", b"D:20260105111200+01'00'".to_vec()),
            ("ModDate", b"D:20260106".to_vec()),
        ],
        ..PdfSpec::default()
    })
}

async fn upload_ok(env: &Env, bytes: Vec<u8>, name: &str) -> serde_json::Value {
    let resp = env.upload_bytes(bytes, name, &BOTH).await;
    let created = expect(resp, StatusCode::CREATED, "post", "/assets").await;
    env.wait_final(created["_id"].as_str().expect("id")).await
}

#[tokio::test]
async fn a_pdf_is_probed_and_its_first_page_is_the_thumbnail() {
    let env = Env::start().await;
    let bytes = rich_pdf();
    let size = bytes.len();
    let a = upload_ok(&env, bytes, "tide-tables.pdf").await;
    assert_eq!(a["status"], "ready", "{a}");
    assert_eq!(a["file_type"], "application/pdf");
    assert!(a.get("duration").is_none() && a.get("hls").is_none(), "{a}");
    let t = &a["technical_metadata"];
    let expected = json!({
        "file_size_bytes": size, "file_mime_type": "application/pdf",
        "document_page_count": 3, "document_pdf_version": "1.7",
        "document_page_width_pt": 595.28, "document_page_height_pt": 841.89,
        "document_is_tagged": true, "document_is_encrypted": false, "document_language": "en-GB",
        "document_title": "Tide tables — 2026", "document_author": "Renée “Harbour”",
        "document_subject": "tides", "document_keywords": "tide, harbour",
        "document_creator_tool": "Writer", "document_producer": "pdf_gen",
        "document_creation_date": "2026-01-05T10:12:00Z",
        "document_modification_date": "2026-01-06T00:00:00Z"
    });
    assert_eq!(t, &expected);
    assert_eq!(a["thumbnail"]["status"], "ready", "{a}");
    let url = a["thumbnail"]["representative_url"].as_str().expect("url");
    let jpeg = reqwest::get(url).await.expect("get").bytes().await.expect("body");
    let img = image::load_from_memory(&jpeg).expect("a JPEG");
    // Sized like every thumbnail: the longer side 480 pixels; A4 keeps its shape.
    assert_eq!(img.height(), 480, "{}x{}", img.width(), img.height());
    assert!((338..=341).contains(&img.width()), "{}", img.width());
    // The page's blue box is drawn, on white: a real rendering, not a blank.
    let rgb = img.to_rgb8();
    let centre = rgb.get_pixel(img.width() / 2, img.height() * 3 / 4);
    let corner = rgb.get_pixel(2, 2);
    assert!(centre[2] > 150 && centre[0] < 90, "box pixel {centre:?}");
    assert!(corner.0.iter().all(|&c| c > 240), "background {corner:?}");
}

#[tokio::test]
async fn text_and_markdown_get_no_thumbnail_no_hls_and_only_file_fields() {
    let env = Env::start().await;
    let md = upload_ok(
        &env,
        "# Notes\n\nCafé ☕ at the harbour.\n".as_bytes().to_vec(),
        "NOTES.MD",
    )
    .await;
    assert_eq!(md["status"], "ready", "{md}");
    assert_eq!(md["file_type"], "text/markdown");
    for gone in ["thumbnail", "hls", "duration"] {
        assert!(md.get(gone).is_none(), "{gone}: {md}");
    }
    let tm = md["technical_metadata"].as_object().expect("tm");
    assert_eq!(
        tm.keys().collect::<Vec<_>>(),
        vec!["file_mime_type", "file_size_bytes"],
        "{md}"
    );
    let txt = upload_ok(&env, b"\xEF\xBB\xBFplain words\n".to_vec(), "readme.txt").await;
    assert_eq!(
        (txt["status"].as_str(), txt["file_type"].as_str()),
        (Some("ready"), Some("text/plain"))
    );
    let upper = upload_ok(&env, pdf(&PdfSpec::default()), "SCAN.PDF").await;
    assert_eq!(upper["file_type"], "application/pdf", "{upper}");
    assert_eq!(
        upper["technical_metadata"]["document_is_tagged"], false,
        "{upper}"
    );
}

#[tokio::test]
async fn bad_documents_are_refused_with_what_to_change_and_nothing_is_stored() {
    let env = Env::start().await;
    let good = pdf(&PdfSpec::default());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.pdf", good[..good.len() * 2 / 3].to_vec(), "cut short"),
        ("fake.pdf", b"<html>not a pdf</html>".to_vec(), "not a PDF"),
        ("latin1.txt", b"caf\xe9 au lait".to_vec(), "not valid UTF-8"),
        ("binary.md", vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13], "NUL byte"),
        ("paper.txt", good.clone(), "Rename it to end in .pdf"),
        ("paper.bin", good.clone(), "does not end in .pdf"),
        (
            "broken.pdf",
            b"%PDF-1.4\ngarbage only\n%%EOF\n".to_vec(),
            "damaged",
        ),
    ];
    for (name, bytes, says) in cases {
        let resp = env.upload_bytes(bytes, name, &[]).await;
        let msg = expect_error(
            resp,
            StatusCode::BAD_REQUEST,
            "parameter_invalid",
            "post",
            "/assets",
        )
        .await;
        assert!(msg.contains(says), "{name}: {msg}");
    }
    let resp = env.send(Method::GET, "/assets").await;
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    assert_eq!(page["page_info"]["total_results"], 0, "{page}");
}

#[tokio::test]
async fn encrypted_pdfs_are_accepted_and_say_so() {
    let env = Env::start().await;
    let spec = PdfSpec {
        pages: 2,
        info: vec![("Title", b"Sealed".to_vec())],
        ..PdfSpec::default()
    };
    // Anyone may open it (empty user password): the platform reads its Info too.
    let open = upload_ok(&env, encrypted_pdf(&spec, ""), "open.pdf").await;
    assert_eq!(open["status"], "ready", "{open}");
    let t = &open["technical_metadata"];
    assert_eq!(t["document_is_encrypted"], true, "{open}");
    assert_eq!(t["document_page_count"], 2, "{open}");
    assert_eq!(t["document_title"], "Sealed", "{open}");
    // A password is needed: still a document, encrypted, with no Info strings it cannot read.
    let locked = upload_ok(&env, encrypted_pdf(&spec, "secret"), "locked.pdf").await;
    assert_eq!(locked["status"], "ready", "{locked}");
    let t = &locked["technical_metadata"];
    assert_eq!(t["document_is_encrypted"], true, "{locked}");
    assert_eq!(t["document_is_tagged"], false, "{locked}");
    assert!(t.get("document_title").is_none(), "{locked}");
    // Its page cannot be rendered without the password: an error, never a placeholder.
    assert_eq!(locked["thumbnail"]["status"], "error", "{locked}");
    assert!(
        locked["thumbnail"].get("representative_url").is_none(),
        "{locked}"
    );
}

#[tokio::test]
async fn documents_come_by_url_filter_by_type_and_stay_out_of_multipart() {
    let env = Env::start().await;
    let server = FileServer::start(vec![("report.pdf", rich_pdf()), ("notes.md", b"# hi\n".to_vec())]).await;
    for name in ["report.pdf", "notes.md"] {
        let resp = env.upload_url(&server.url(name), &BOTH).await;
        let created = expect(resp, StatusCode::CREATED, "post", "/assets").await;
        let a = env.wait_final(created["_id"].as_str().expect("id")).await;
        assert_eq!(a["status"], "ready", "{a}");
    }
    env.create("sample-image.jpg", &[]).await;
    let resp = env.send(Method::GET, "/assets?asset_types=document").await;
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    let mut types: Vec<&str> = page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|a| a["file_type"].as_str().expect("type"))
        .collect();
    types.sort_unstable();
    assert_eq!(types, vec!["application/pdf", "text/markdown"], "{page}");
    let body = json!({"filename": "big.pdf", "type": "document", "total_size": 10_000_000});
    let resp = env
        .send_json(Method::POST, "/assets/multipart-uploads", &body)
        .await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        "/assets/multipart-uploads",
    )
    .await;
    assert!(msg.contains("send a document with POST /assets"), "{msg}");
}
