//! `POST /assets`: multipart/form-data with `method=direct` (a `file` part, streamed to disk) or
//! `method=url` (the platform fetches the URL itself).

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::types::AssetType;
use crate::platform::error::ErrorAnswer;
use crate::platform::media::intake::{self, NewAsset};
use crate::platform::media::probe::sniff_bytes;
use crate::platform::media::rules::{self, Origin};
use crate::platform::media::url_fetch;
use crate::platform::request::form_guard;
use crate::platform::request::http_util::parse_bool_or;
use crate::platform::request::metadata_rules::{self, drop_empty};
use crate::platform::request::text_rules::check_name;
use crate::platform::state::Shared;
use crate::platform::store::blobs::{TempFile, WriteError};

/// The form as received (the file already on disk).
#[derive(Default)]
struct Form {
    method: Option<String>,
    file: Option<(TempFile, Option<String>)>,
    url: Option<String>,
    filename: Option<String>,
    enable_hls: Option<String>,
    enable_thumbnail: Option<String>,
    user_metadata: Option<String>,
}

/// Handles `POST /assets`.
pub(crate) async fn create(State(state): State<Shared>, req: Request) -> Result<Response, ErrorAnswer> {
    let boundary = check_content_type(&req)?;
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    // A body over the size limit is the sender's mistake and is answered as such further on;
    // only what could be accepted is measured against the free space.
    state.ensure_room(announced.min(state.limits.create_body_max_bytes()))?;
    let req = req.map(|body| form_guard::guard_body(body, &boundary));
    let multipart = Multipart::from_request(req, &state)
        .await
        .map_err(|e| invalid_multipart(&e.body_text()))?;
    let form = read_form(&state, multipart).await?;
    let opts = validate_options(&state, &form)?;
    let row = match (opts.method, form.file) {
        ("direct", Some((temp, part_name))) => {
            let filename = match (form.filename.clone(), part_name) {
                (Some(field), _) => field,
                // The part's own name becomes the asset's filename, so it meets the rule the
                // `filename` field meets (docs/contract.md §9): 1 to 255 characters, no control
                // characters.
                (None, Some(part)) => {
                    check_name("file part's filename", &part, state.limits.max_filename_chars)?;
                    part
                }
                (None, None) => "asset".into(),
            };
            intake::accept(&state, temp, Origin::Direct, NewAsset { filename, ..opts }).await?
        }
        ("direct", None) => {
            return Err(ErrorAnswer::bad_request(
                "parameter_not_provided",
                "file parameter is required but was not provided. file is required when method is direct.",
            ));
        }
        (_, _) => {
            let url = form
                .url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .ok_or_else(|| {
                    ErrorAnswer::bad_request(
                        "parameter_not_provided",
                        "url parameter is required but was not provided. url is required when method is url.",
                    )
                })?;
            let fetched = url_fetch::fetch(&state, url).await?;
            let filename = form
                .filename
                .clone()
                .unwrap_or_else(|| url_fetch::filename_of(url));
            let opts = NewAsset {
                filename,
                duration_hint: fetched.manifest_seconds,
                from_playlist: fetched.manifest_seconds.is_some(),
                ..opts
            };
            intake::accept(&state, fetched.temp, Origin::Url, opts).await?
        }
    };
    Ok((StatusCode::CREATED, axum::Json(row.to_short())).into_response())
}

/// Checks for `multipart/form-data` with a boundary; returns the boundary.
fn check_content_type(req: &Request) -> Result<String, ErrorAnswer> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence != "multipart/form-data" {
        let shown = if ct.is_empty() {
            "An empty Content-Type"
        } else {
            ct
        };
        return Err(ErrorAnswer::bad_request(
            "content_type_invalid",
            format!("{shown} is not supported. Please use multipart/form-data."),
        ));
    }
    let boundary = ct.split(';').skip(1).find_map(|p| {
        let p = p.trim();
        p.get(..9)
            .filter(|k| k.eq_ignore_ascii_case("boundary="))
            .map(|_| p[9..].trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
    });
    boundary.ok_or_else(|| {
        ErrorAnswer::bad_request(
            "multipart_boundary_missing",
            "The multipart boundary is missing in the Content-Type header.",
        )
    })
}

fn invalid_multipart(detail: &str) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "invalid_multipart",
        format!("The multipart body could not be parsed: {detail}"),
    )
}

async fn read_form(state: &Shared, mut mp: Multipart) -> Result<Form, ErrorAnswer> {
    let mut form = Form::default();
    let field_max = state.limits.max_field_bytes;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(invalid_multipart(&e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let part_name = field.file_name().map(base_name);
            let temp = receive_file(state, field).await?;
            form.file = Some((temp, part_name));
            continue;
        }
        let mut field = field;
        let mut text = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| invalid_multipart(&e.body_text()))?
        {
            if text.len() + chunk.len() > field_max {
                return Err(ErrorAnswer::param_invalid(&name));
            }
            text.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(text).map_err(|_| ErrorAnswer::param_invalid(&name))?;
        match name.as_str() {
            "method" => form.method = Some(text),
            "url" => form.url = Some(text),
            "filename" => form.filename = Some(text),
            "enable_hls" => form.enable_hls = Some(text),
            "enable_thumbnail" => form.enable_thumbnail = Some(text),
            "user_metadata" => form.user_metadata = Some(text),
            // Unknown fields are ignored, as SDKs of other versions may send more.
            _ => {}
        }
    }
    Ok(form)
}

/// Streams the `file` part to a temp file, chunk by chunk, never holding it whole in memory.
async fn receive_file(
    state: &Shared,
    mut field: axum::extract::multipart::Field<'_>,
) -> Result<TempFile, ErrorAnswer> {
    let limit = state
        .limits
        .direct_media_max_bytes
        .max(state.limits.image_max_bytes);
    let mut temp = TempFile::create(state.blobs.temp_path()).await?;
    let mut head: Vec<u8> = Vec::new();
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(temp),
            Err(e) => return Err(invalid_multipart(&e.body_text())),
        };
        if head.len() < 8192 {
            head.extend_from_slice(&chunk[..chunk.len().min(8192 - head.len())]);
        }
        match temp.write(&chunk, limit).await {
            Ok(()) => {}
            Err(WriteError::TooLarge { seen, .. }) => {
                let kind = AssetType::from_mime(&sniff_bytes(&head).1).unwrap_or(AssetType::Video);
                let max = match kind {
                    AssetType::Image => state.limits.image_max_bytes,
                    _ => state.limits.direct_media_max_bytes,
                };
                // Count the rest (bounded) so the message can name the real size.
                let mut total = seen;
                while total <= limit.saturating_mul(2).max(limit.saturating_add(256 << 20)) {
                    match field.chunk().await {
                        Ok(Some(c)) => total += c.len() as u64,
                        _ => break,
                    }
                }
                return Err(rules::too_large(kind, Origin::Direct, max, total));
            }
            Err(WriteError::Io(e)) => return Err(e.into()),
        }
    }
}

/// The last path component of a client-supplied name (used for display only, never as a path).
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_string()
}

fn validate_options(state: &Shared, form: &Form) -> Result<NewAsset, ErrorAnswer> {
    let method = match form.method.as_deref().map(str::trim) {
        Some("direct") => "direct",
        Some("url") => "url",
        Some("multipart") => {
            return Err(ErrorAnswer::bad_request(
                "parameter_invalid",
                "method parameter is invalid. To upload in parts, use the /assets/multipart-uploads endpoint.",
            ));
        }
        Some(_) => {
            return Err(ErrorAnswer::bad_request(
                "invalid_multipart",
                "Key: 'CreateAssetRequest.Method' Error:Field validation for 'Method' failed on the 'oneof' tag",
            ));
        }
        None => {
            return Err(ErrorAnswer::bad_request(
                "invalid_multipart",
                "Key: 'CreateAssetRequest.Method' Error:Field validation for 'Method' failed on the 'required' tag",
            ));
        }
    };
    if let Some(name) = &form.filename {
        check_name("filename", name, state.limits.max_filename_chars)?;
    }
    let user_metadata = match form
        .user_metadata
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        // `null`, `""` and `[]` keys are dropped; nothing left leaves the field out.
        Some(text) => {
            Some(drop_empty(metadata_rules::read(text, "user_metadata")?)).filter(|m| !m.is_empty())
        }
    };
    Ok(NewAsset {
        method,
        filename: String::new(),
        // Both default to true on this call (docs/contract.md §16); multipart keeps false/false.
        enable_hls: parse_bool_or("enable_hls", form.enable_hls.as_deref(), true)?,
        enable_thumbnail: parse_bool_or("enable_thumbnail", form.enable_thumbnail.as_deref(), true)?,
        user_metadata,
        duration_hint: None,
        from_playlist: false,
    })
}
