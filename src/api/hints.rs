//! What to do about each error code the Assets API can return: one line per code.

/// A one-line hint for an error `code` (falling back on the HTTP status when the code is unknown).
pub fn hint_for(code: &str, status: Option<u16>) -> &'static str {
    match code {
        "content_type_invalid" => "Send the upload as multipart/form-data.",
        "multipart_boundary_missing" => "Add a boundary to the multipart Content-Type header.",
        "invalid_multipart" => {
            "The form is malformed or `method` is not direct/url; check the request fields."
        }
        "parameter_not_provided" => "Add the missing parameter named in the message.",
        "parameter_invalid" => "Fix the parameter named in the message (type, range or format).",
        "parameter_unknown" => "Remove the unknown parameter.",
        "media_url_unsupported_format" => {
            "Point the URL at a video, audio, image or document (PDF, text) file itself, or an HLS VOD playlist."
        }
        "media_url_not_accessible" => "Check the URL opens without login from the server's network.",
        "media_url_file_broken" => "The file at the URL is damaged; re-export it and try again.",
        "media_filesize_too_large" => {
            "The file is over the size limit; compress it or use a multipart upload."
        }
        "video_file_broken" => "The video cannot be decoded; re-encode it (e.g. H.264 MP4) and retry.",
        "video_file_live" => "Live streams are not supported; upload a finished recording.",
        "video_resolution_too_low" => "Use a video of at least 360x360.",
        "video_resolution_too_high" => "Downscale the video to at most 5184x2160.",
        "video_resolution_invalid_aspect_ratio" => "Crop or pad the video to an aspect ratio within 2.4:1.",
        "video_duration_too_short" => "Use a video of at least 4 seconds.",
        "video_duration_too_long" => "Split the video into shorter parts.",
        "video_filesize_too_large" => "Over the direct limit: upload with --multipart (up to 10 GB).",
        "audio_file_broken" => "The audio cannot be decoded; re-encode it as WAV, MP3 or FLAC.",
        "audio_duration_too_short" => "Use audio of at least 4 seconds.",
        "audio_duration_too_long" => "Split the audio into shorter parts.",
        "audio_filesize_too_large" => "Over the direct limit: upload with --multipart (up to 10 GB).",
        "audio_format_unsupported" => "Convert the audio to WAV, MP3 or FLAC.",
        "resource_not_exist" => "The id is unknown or was deleted; refresh the list.",
        "not_the_api" => {
            "The server at the base URL answered 404 without the API's error: it does not look like the TwelveLabs API; check --base-url (e.g. https://api.twelvelabs.io/v1.3)."
        }
        "asset_referenced" => "Indexed assets use this asset; delete with force to remove them too.",
        "api_key_invalid" | "unauthorized" => {
            "Check TWELVE_LABS_API_KEY (or --api-key); without a key the local platform is used."
        }
        "too_many_requests" => "Rate limited: wait for the reset, then retry.",
        "storage_full" => "The server's disk is full; free space where it keeps its data, then upload again.",
        "api_allowed_for_paid_plan" | "api_not_allowed" | "forbidden" => {
            "This key may not make this call (plan or permission), or the server is read-only; reads still work."
        }
        "connection_failed" => {
            "Check the service runs at --base-url and the network reaches it; `tl-assets doctor` shows both."
        }
        "unexpected_response" => "The server's reply did not match the API; check --base-url.",
        "cancelled" => "Nothing more was sent; run it again (a multipart upload resumes where it stopped).",
        "local_file" => {
            "Nothing reached the service; check the path names a readable video, audio, image or document file within the limits."
        }
        "invalid_input" => {
            "Nothing reached the service, so nothing was created or changed; correct the URL, id or metadata and retry."
        }
        "invalid_setting" => "Set --base-url (or base_url in the config) to an http or https URL.",
        "client_build_failed" => {
            "The HTTP client could not start (TLS backend or system certificates); the log file has details."
        }
        "etag_mismatch" => {
            "The storage got other bytes than were read; retry the upload (it resumes) and check any proxy on the way."
        }
        "timed_out" => "The asset still processes on the service; check it later with `tl-assets get <id>`.",
        "task_failed" => "An internal task failed; run it again, the log file has details.",
        _ => match status {
            Some(400) => {
                "The service refused the request; `tl-assets doctor` shows which service and API version answer."
            }
            Some(401) | Some(403) => "Check TWELVE_LABS_API_KEY (or --api-key) and what the key may do.",
            Some(404) => "Not found; refresh the list.",
            Some(409) => "The asset changed or is in use; refresh and try again.",
            Some(429) => "Rate limited: wait, then retry.",
            Some(507) => "The server has no room left to store this; free space on it, then upload again.",
            Some(s) if s >= 500 => "Server error: retry in a moment.",
            _ => {
                "An answer outside the API; `tl-assets doctor` checks the service, the log file has details."
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every asset error code of docs/contract.md §14 has its own hint, not the generic fallback.
    #[test]
    fn every_contract_code_has_a_specific_hint() {
        let codes = [
            "content_type_invalid",
            "multipart_boundary_missing",
            "invalid_multipart",
            "parameter_not_provided",
            "parameter_invalid",
            "media_url_unsupported_format",
            "media_url_not_accessible",
            "media_url_file_broken",
            "media_filesize_too_large",
            "video_file_broken",
            "video_file_live",
            "video_resolution_too_low",
            "video_resolution_too_high",
            "video_resolution_invalid_aspect_ratio",
            "video_duration_too_short",
            "video_duration_too_long",
            "video_filesize_too_large",
            "audio_file_broken",
            "audio_duration_too_short",
            "audio_duration_too_long",
            "audio_filesize_too_large",
            "audio_format_unsupported",
            "resource_not_exist",
            "asset_referenced",
            "api_key_invalid",
            "too_many_requests",
        ];
        let fallback = hint_for("no_such_code", None);
        for code in codes {
            assert_ne!(hint_for(code, Some(400)), fallback, "{code}");
            assert_ne!(
                hint_for(code, Some(400)),
                hint_for("no_such_code", Some(400)),
                "{code}"
            );
        }
    }
}
