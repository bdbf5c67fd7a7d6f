//! The web UI's assets, compiled into the binary: the server never reads
//! a file for them, and the UI works offline (no CDN, no tile server).

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The province boundaries (see `assets/ATTRIBUTION.md`).
pub(crate) const BOUNDARIES: &[u8] = include_bytes!("../assets/admin1-af-pk.geojson");

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// `(path under /assets/, content type, bytes)`.
const FILES: &[(&str, &str, &[u8])] = &[
    ("app.css", CSS, include_bytes!("../assets/app.css")),
    ("app.js", JS, include_bytes!("../assets/app.js")),
    ("map.js", JS, include_bytes!("../assets/map.js")),
    ("favicon.svg", "image/svg+xml", include_bytes!("../assets/favicon.svg")),
    ("leaflet/leaflet.js", JS, include_bytes!("../assets/leaflet/leaflet.js")),
    ("leaflet/leaflet.css", CSS, include_bytes!("../assets/leaflet/leaflet.css")),
    ("leaflet/LICENSE", "text/plain; charset=utf-8", include_bytes!("../assets/leaflet/LICENSE")),
    ("admin1-af-pk.geojson", "application/geo+json", BOUNDARIES),
    ("ATTRIBUTION.md", "text/plain; charset=utf-8", include_bytes!("../assets/ATTRIBUTION.md")),
];

/// The boundaries as a script (`window.DossierBoundaries = {…};`), so the
/// map draws synchronously, without a fetch.
fn boundaries_js() -> &'static [u8] {
    static JS: OnceLock<Vec<u8>> = OnceLock::new();
    JS.get_or_init(|| {
        let mut v = b"window.DossierBoundaries=".to_vec();
        v.extend_from_slice(BOUNDARIES.trim_ascii_end());
        v.extend_from_slice(b";\n");
        v
    })
}

fn serve(content_type: &'static str, bytes: &'static [u8]) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /assets/{*path}`: only the names above; the path is compared, never
/// opened.
pub(crate) async fn asset(Path(path): Path<String>) -> Response {
    if path == "boundaries.js" {
        return serve(JS, boundaries_js());
    }
    match FILES.iter().find(|(name, _, _)| *name == path) {
        Some((_, content_type, bytes)) => serve(content_type, bytes),
        None => crate::ui::PageError(ApiError::not_found(format!("no asset {path:?}"))).into_response(),
    }
}

/// `GET /favicon.ico`, which browsers ask for whatever the page says.
pub(crate) async fn favicon() -> Response {
    serve("image/svg+xml", include_bytes!("../assets/favicon.svg"))
}

/// Total bytes of the bundled assets.
#[cfg(test)]
pub(crate) fn total_bytes() -> usize {
    FILES.iter().map(|(_, _, b)| b.len()).sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn boundaries_are_geojson_of_both_countries() {
        let v: serde_json::Value = serde_json::from_slice(super::BOUNDARIES).unwrap();
        let features = v["features"].as_array().unwrap();
        let codes: Vec<&str> = features.iter().filter_map(|f| f["properties"]["iso"].as_str()).collect();
        for code in ["PK-KP", "PK-BA", "PK-PB", "PK-SD", "AF-NAN", "AF-KAB", "AF-PIA", "AF-PKA", "AF-DAY", "AF-PAN"] {
            assert!(codes.contains(&code), "{code} missing");
        }
        assert!(super::BOUNDARIES.len() < 400_000, "boundaries grew to {} bytes", super::BOUNDARIES.len());
        assert!(super::total_bytes() < 700_000, "assets grew to {} bytes", super::total_bytes());
        assert!(super::boundaries_js().starts_with(b"window.DossierBoundaries={"));
    }
}
