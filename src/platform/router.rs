//! The route table and the layers every answer goes through (API version header, API key,
//! read-only mode, rate limit on `POST /assets`).

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use md5::{Digest, Md5};

use super::error::ErrorAnswer;
use super::routes::{
    asset_create, assets, chunk_put, chunk_report, entities, entity_assets, entity_collections, files,
    indexed_assets, indexes, multipart_sessions, transcription, user_metadata,
};
use super::state::Shared;

/// Builds the whole application: `/v1.3/…` behind the API key, `/_files` and `/_uploads` behind
/// their URL tokens.
pub(crate) fn build(state: Shared) -> Router {
    let create = post(asset_create::create)
        .route_layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .get(assets::list);
    let api = Router::new()
        .route("/assets", create)
        .route(
            "/assets/multipart-uploads",
            post(multipart_sessions::create).get(multipart_sessions::list_incomplete),
        )
        .route(
            "/assets/multipart-uploads/{upload_id}",
            post(chunk_report::report).get(multipart_sessions::status),
        )
        .route(
            "/assets/multipart-uploads/{upload_id}/presigned-urls",
            post(multipart_sessions::presign),
        )
        .route("/assets/{asset_id}", get(assets::retrieve).delete(assets::delete))
        .route(
            "/assets/{asset_id}/user-metadata",
            patch(user_metadata::merge)
                .put(user_metadata::replace)
                .delete(user_metadata::clear),
        )
        .route("/assets/{asset_id}/indexed-assets", get(assets::indexed_assets))
        .route("/assets/{asset_id}/entities", get(entity_assets::by_asset))
        .route("/assets/{asset_id}/transcription", get(transcription::retrieve))
        .route("/indexes", post(indexes::create).get(indexes::list))
        .route(
            "/indexes/{index_id}",
            get(indexes::retrieve)
                .put(indexes::update)
                .delete(indexes::delete),
        )
        .route(
            "/indexes/{index_id}/indexed-assets",
            post(indexed_assets::create).get(indexed_assets::list),
        )
        .route(
            "/indexes/{index_id}/indexed-assets/{indexed_asset_id}",
            get(indexed_assets::retrieve)
                .patch(indexed_assets::update)
                .delete(indexed_assets::delete),
        )
        .route(
            "/entity-collections",
            get(entity_collections::list).post(entity_collections::create),
        )
        .route(
            "/entity-collections/{collection_id}",
            get(entity_collections::retrieve)
                .patch(entity_collections::update)
                .delete(entity_collections::delete),
        )
        .route(
            "/entity-collections/{collection_id}/entities",
            get(entities::list).post(entities::create),
        )
        .route(
            "/entity-collections/{collection_id}/entities/bulk",
            post(entities::create_bulk),
        )
        .route(
            "/entity-collections/{collection_id}/entities/{entity_id}",
            get(entities::retrieve)
                .patch(entities::update)
                .delete(entities::delete),
        )
        .route(
            "/entity-collections/{collection_id}/entities/{entity_id}/assets",
            post(entity_assets::add).delete(entity_assets::remove),
        )
        .fallback(unknown_route)
        .layer(middleware::from_fn_with_state(state.clone(), refuse_writes))
        .layer(middleware::from_fn_with_state(state.clone(), require_api_key));
    let chunk_put =
        put(chunk_put::put_chunk).route_layer(middleware::from_fn_with_state(state.clone(), refuse_writes));
    Router::new()
        .nest("/v1.3", api)
        .route("/_files/{grant}/{*rest}", get(files::serve))
        .route("/_uploads/{token}", chunk_put)
        .fallback(unknown_route)
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::map_response(add_version_header))
        .with_state(state)
}

async fn unknown_route() -> ErrorAnswer {
    ErrorAnswer::new(
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "The requested endpoint does not exist.",
    )
}

/// `X-Api-Version: 1.3` on every answer (docs/contract.md §15.5).
pub(crate) async fn add_version_header(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert("x-api-version", HeaderValue::from_static("1.3"));
    resp
}

/// Compares two keys in time independent of where they differ (both are hashed to fixed length
/// first, so the length does not leak either).
fn keys_match(given: &[u8], expected: &[u8]) -> bool {
    let (a, b) = (Md5::digest(given), Md5::digest(expected));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn require_api_key(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get("x-api-key")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if given.is_empty() || !keys_match(given, state.api_key.as_bytes()) {
        return ErrorAnswer::new(
            StatusCode::UNAUTHORIZED,
            "api_key_invalid",
            "API Key is either invalid or expired. Please check your API key and try again.",
        )
        .into_response();
    }
    next.run(req).await
}

/// In read-only mode, anything but a read is refused before its handler runs, so no write can
/// slip through a route added later.
async fn refuse_writes(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let read = matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    if state.read_only && !read {
        // Nested routes see their path without the `/v1.3` prefix; name the one the client sent.
        let path = req
            .extensions()
            .get::<axum::extract::OriginalUri>()
            .map_or_else(|| req.uri().path().to_string(), |u| u.path().to_string());
        return ErrorAnswer::new(
            StatusCode::FORBIDDEN,
            "api_not_allowed",
            format!(
                "This platform is read-only (started with --read-only): {} {} is refused.",
                req.method(),
                path
            ),
        )
        .into_response();
    }
    next.run(req).await
}

fn rate_headers(h: &mut HeaderMap, s: &super::rate_limit::RateState) {
    for (name, value) in [
        ("x-ratelimit-limit", s.limit.to_string()),
        ("x-ratelimit-remaining", s.remaining.to_string()),
        ("x-ratelimit-used", s.used.to_string()),
        ("x-ratelimit-reset", s.reset_epoch.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
}

async fn rate_limit(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let Some(limiter) = &state.rate_limit else {
        return next.run(req).await;
    };
    let key = String::from_utf8_lossy(
        req.headers()
            .get("x-api-key")
            .map(|v| v.as_bytes())
            .unwrap_or_default(),
    )
    .into_owned();
    let s = limiter.hit(&key);
    if !s.allowed {
        let mut resp = ErrorAnswer::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            format!(
                "You have exceeded the rate limit ({} requests per {} seconds). Please try again later after {}.",
                s.limit,
                limiter_window_secs(&state),
                crate::platform::store::ids::rfc3339(s.reset_epoch * 1000)
            ),
        )
        .into_response();
        rate_headers(resp.headers_mut(), &s);
        if let Ok(v) = HeaderValue::from_str(&s.retry_after.to_string()) {
            resp.headers_mut().insert("retry-after", v);
        }
        return resp;
    }
    let mut resp = next.run(req).await;
    rate_headers(resp.headers_mut(), &s);
    resp
}

fn limiter_window_secs(state: &Shared) -> u64 {
    state
        .rate_limit
        .as_ref()
        .map_or(60, |l| l.window().as_secs().max(1))
}

#[cfg(test)]
mod tests {
    use super::keys_match;

    #[test]
    fn keys_match_only_the_same_bytes_whatever_the_length() {
        let key = b"tlk_test_key";
        assert!(keys_match(key, key));
        for other in [
            &b""[..],
            b"tlk_test_ke",
            b"tlk_test_key ",
            b"TLK_TEST_KEY",
            b"tlk_test_kez",
        ] {
            assert!(!keys_match(other, key), "{other:?}");
        }
        // Long inputs are hashed like short ones: no length-dependent early exit.
        assert!(!keys_match(&[b'x'; 1 << 16], key));
    }
}
