//! Multipart upload sessions (`/assets/multipart-uploads…`) and the chunk `PUT` URLs they hand out.

use axum::http::StatusCode;

use super::error::ApiError;

fn not_yet() -> ApiError {
    ApiError::new(
        StatusCode::NOT_IMPLEMENTED,
        "not_implemented",
        "Multipart uploads are not available yet.",
    )
}

/// Handles `POST /assets/multipart-uploads`.
pub(crate) async fn create() -> ApiError {
    not_yet()
}
/// Handles `GET /assets/multipart-uploads`.
pub(crate) async fn list_incomplete() -> ApiError {
    not_yet()
}
/// Handles `POST /assets/multipart-uploads/{upload_id}`.
pub(crate) async fn report() -> ApiError {
    not_yet()
}
/// Handles `GET /assets/multipart-uploads/{upload_id}`.
pub(crate) async fn status() -> ApiError {
    not_yet()
}
/// Handles `POST /assets/multipart-uploads/{upload_id}/presigned-urls`.
pub(crate) async fn presign() -> ApiError {
    not_yet()
}
/// Handles `PUT /_uploads/{token}`.
pub(crate) async fn put_chunk() -> ApiError {
    not_yet()
}
