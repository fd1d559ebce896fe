//! A small in-memory server of the multipart calls (docs/contract.md §6), with per-chunk PUT counts,
//! for client tests that need to see exactly which chunks were sent. Single-use URLs, MD5 ETags,
//! proofs checked, duplicates counted, the chunk list paginated like the service's.

// Shared by several test crates, each of which uses only part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use md5::{Digest, Md5};
use serde_json::{Value, json};
use tl_assets::api::types::{CreateUploadRequest, PresignedUrlsRequest, ReportChunksRequest};

/// One session.
#[derive(Default)]
pub struct Session {
    pub asset_id: String,
    pub size: u64,
    pub chunk_size: u64,
    pub total: u32,
    /// Stored parts: index → bytes.
    pub parts: BTreeMap<u32, Vec<u8>>,
    pub reported: BTreeSet<u32>,
    /// PUTs received per chunk.
    pub puts: BTreeMap<u32, usize>,
    pub duplicates: u32,
}

impl Session {
    /// The file as assembled from its parts.
    pub fn assembled(&self) -> Vec<u8> {
        self.parts.values().flatten().copied().collect()
    }
}

#[derive(Default)]
pub struct Fake {
    pub chunk_size: u64,
    pub origin: String,
    pub sessions: HashMap<String, Session>,
    /// token → (upload id, chunk index, used)
    urls: HashMap<String, (String, u32, bool)>,
    next: u64,
    /// PUTs that arrived without a Content-Length header.
    pub puts_without_length: usize,
    /// When set, chunk PUTs beyond this many (in all) are refused with a 400.
    pub fail_puts_after: Option<usize>,
    /// Chunk PUTs accepted, in all.
    pub total_puts: usize,
    /// When set, chunk ETags are the MD5 of other bytes (as if the body changed in transit).
    pub wrong_etags: bool,
}

pub type Shared = Arc<Mutex<Fake>>;

/// Starts the fake on 127.0.0.1:0 with `chunk_size`; returns its base URL and state.
pub async fn start(chunk_size: u64) -> (String, Shared) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let shared: Shared = Arc::new(Mutex::new(Fake {
        chunk_size,
        origin: format!("http://{addr}"),
        ..Fake::default()
    }));
    let app = Router::new()
        .route("/v1.3/assets/multipart-uploads", post(create).get(list))
        .route("/v1.3/assets/multipart-uploads/{id}", post(report).get(status))
        .route(
            "/v1.3/assets/multipart-uploads/{id}/presigned-urls",
            post(presign),
        )
        .route("/_up/{token}", put(put_chunk))
        .route("/v1.3/assets/{id}", get(asset))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(shared.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/v1.3"), shared)
}

fn err(status: StatusCode, code: &str) -> Response {
    (status, Json(json!({"code": code, "message": code}))).into_response()
}

impl Fake {
    fn id(&mut self) -> String {
        self.next += 1;
        format!("{:024x}", self.next)
    }

    fn urls_for(&mut self, upload_id: &str, start: u32, count: u32) -> Vec<Value> {
        let total = self.sessions[upload_id].total;
        (start..start.saturating_add(count))
            .filter(|i| *i >= 1 && *i <= total)
            .map(|i| {
                let token = self.id();
                self.urls.insert(token.clone(), (upload_id.to_string(), i, false));
                json!({"chunk_index": i, "url": format!("{}/_up/{token}", self.origin),
                       "expires_at": "2999-01-01T00:00:00Z"})
            })
            .collect()
    }
}

async fn create(State(s): State<Shared>, Json(req): Json<CreateUploadRequest>) -> Response {
    let mut f = s.lock().expect("lock");
    let (upload_id, asset_id) = (f.id(), f.id());
    let chunk_size = f.chunk_size;
    let total = req.total_size.div_ceil(chunk_size) as u32;
    f.sessions.insert(
        upload_id.clone(),
        Session {
            asset_id: asset_id.clone(),
            size: req.total_size,
            chunk_size,
            total,
            ..Session::default()
        },
    );
    let urls = f.urls_for(&upload_id, 1, 10);
    let body = json!({"upload_id": upload_id, "asset_id": asset_id, "upload_urls": urls,
        "upload_headers": {"x-fake-session": "1"}, "chunk_size": chunk_size, "total_chunks": total,
        "expires_at": "2999-01-01T00:00:00Z"});
    (StatusCode::CREATED, Json(body)).into_response()
}

async fn presign(
    State(s): State<Shared>,
    Path(id): Path<String>,
    Json(req): Json<PresignedUrlsRequest>,
) -> Response {
    let mut f = s.lock().expect("lock");
    if !f.sessions.contains_key(&id) {
        return err(StatusCode::NOT_FOUND, "resource_not_exist");
    }
    if req.count == 0 || req.count > 50 {
        return err(StatusCode::BAD_REQUEST, "parameter_invalid");
    }
    let urls = f.urls_for(&id, req.start, req.count);
    Json(json!({"upload_id": id, "start_index": req.start, "count": urls.len(), "upload_urls": urls}))
        .into_response()
}

async fn put_chunk(
    State(s): State<Shared>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut f = s.lock().expect("lock");
    if headers.get("x-api-key").is_some() {
        return err(StatusCode::BAD_REQUEST, "api_key_on_presigned_url");
    }
    if headers.get("x-fake-session").is_none() {
        return err(StatusCode::BAD_REQUEST, "upload_headers_missing");
    }
    if headers.get("content-length").is_none() {
        f.puts_without_length += 1;
    }
    let Some((upload_id, index, used)) = f.urls.get(&token).cloned() else {
        return err(StatusCode::FORBIDDEN, "url_unknown");
    };
    if used {
        return err(StatusCode::FORBIDDEN, "url_used");
    }
    if f.fail_puts_after.is_some_and(|n| f.total_puts >= n) {
        return err(StatusCode::BAD_REQUEST, "injected_failure");
    }
    f.total_puts += 1;
    f.urls.insert(token, (upload_id.clone(), index, true));
    let wrong = f.wrong_etags;
    let session = f.sessions.get_mut(&upload_id).expect("session of a URL");
    *session.puts.entry(index).or_default() += 1;
    let mut etag = hex::encode(Md5::digest(&body));
    if wrong {
        etag = hex::encode(Md5::digest(etag.as_bytes()));
    }
    session.parts.insert(index, body.to_vec());
    (StatusCode::OK, [("etag", format!("\"{etag}\""))]).into_response()
}

async fn report(
    State(s): State<Shared>,
    Path(id): Path<String>,
    Json(req): Json<ReportChunksRequest>,
) -> Response {
    let mut f = s.lock().expect("lock");
    let Some(session) = f.sessions.get_mut(&id) else {
        return err(StatusCode::NOT_FOUND, "resource_not_exist");
    };
    if req.completed_chunks.is_empty() || req.completed_chunks.len() > 50 {
        return err(StatusCode::BAD_REQUEST, "parameter_invalid");
    }
    for c in &req.completed_chunks {
        let ok = session
            .parts
            .get(&c.chunk_index)
            .is_some_and(|p| hex::encode(Md5::digest(p)) == c.proof && p.len() as u64 == c.chunk_size);
        if !ok {
            return err(StatusCode::BAD_REQUEST, "parameter_invalid");
        }
    }
    let (mut processed, mut dup) = (0, 0);
    for c in &req.completed_chunks {
        if session.reported.insert(c.chunk_index) {
            processed += 1;
        } else {
            dup += 1;
        }
    }
    session.duplicates += dup;
    let mut body = json!({"asset_id": session.asset_id, "processed_chunks": processed,
        "duplicate_chunks": dup, "total_completed": session.reported.len()});
    if session.reported.len() as u32 == session.total {
        body["url"] = json!(format!("{}/files/{}", f.origin, id));
    }
    Json(body).into_response()
}

async fn status(
    State(s): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, u32>>,
) -> Response {
    let f = s.lock().expect("lock");
    let Some(session) = f.sessions.get(&id) else {
        return err(StatusCode::NOT_FOUND, "resource_not_exist");
    };
    let (page, limit) = (
        q.get("page").copied().unwrap_or(1),
        q.get("page_limit").copied().unwrap_or(10),
    );
    let chunks: Vec<Value> = (1..=session.total)
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|i| {
            let done = session.reported.contains(&i);
            json!({"index": i, "status": if done {"completed"} else {"pending"},
                   "uploaded_at": if done {json!("2026-08-01T10:00:00Z")} else {Value::Null}})
        })
        .collect();
    let completed = session.reported.len() as u32;
    let state = if completed == session.total {
        "completed"
    } else {
        "active"
    };
    Json(
        json!({"upload_id": id, "status": state, "uploaded_chunks": chunks,
        "chunks_completed": completed, "chunks_failed": 0, "chunks_pending": session.total - completed,
        "page_info": {"limit_per_page": limit, "page": page, "total_page": session.total.div_ceil(limit),
                      "total_results": session.total},
        "total_size": session.size, "uploaded_size": 0}),
    )
    .into_response()
}

async fn list(State(s): State<Shared>) -> Response {
    let f = s.lock().expect("lock");
    let data: Vec<Value> = f
        .sessions
        .iter()
        .filter(|(_, s)| (s.reported.len() as u32) < s.total)
        .map(|(id, s)| {
            json!({"upload_id": id, "status": "active", "total_size": s.size,
                   "chunk_size": s.chunk_size, "total_chunks": s.total})
        })
        .collect();
    let n = data.len();
    Json(json!({"data": data, "page_info": {"limit_per_page": 50, "page": 1, "total_page": 1, "total_results": n}}))
        .into_response()
}

async fn asset(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let f = s.lock().expect("lock");
    match f.sessions.values().find(|s| s.asset_id == id) {
        Some(s) if s.reported.len() as u32 == s.total => {
            Json(json!({"_id": id, "status": "ready", "method": "multipart"})).into_response()
        }
        Some(_) => Json(json!({"_id": id, "status": "processing", "method": "multipart"})).into_response(),
        None => err(StatusCode::NOT_FOUND, "resource_not_exist"),
    }
}
