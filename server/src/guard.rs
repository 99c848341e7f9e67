//! Protections every response or form post gets: cross-site form posts refused, and the
//! security headers of SPEC §8.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a state-changing request to the hosted pages' server functions that a browser
/// sent from another site (CSRF). Browsers label every request with `Sec-Fetch-Site`, or
/// at least `Origin`; a request with neither did not come from a browser, so no cookie of
/// a victim rides on it (the approach of OWASP's "Fetch Metadata" defence and of Go's
/// `http.CrossOriginProtection`). The session cookie is also `SameSite=Lax`.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let guarded = path.starts_with("/api/") && !path.starts_with("/api/demo/");
    let safe_method = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if guarded && !safe_method && is_cross_site(request.headers()) {
        tracing::warn!(path, "refused a cross-site form post");
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This form was sent from another site, so it was refused. Open the page on this \
             site and send it again.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|origin| origin.split_once("://"))
        .map(|(_, host)| host);
    match (origin_host, host) {
        (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
        _ => true,
    }
}

/// Headers on every response: no framing (clickjacking), no MIME sniffing, and no
/// `Referer` to other sites, so that codes in a page's URL never leave it. The policy is
/// `same-origin` rather than `no-referrer` because a form posted without JavaScript is
/// sent back to its page by way of the same-origin `Referer`.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    );
    set(headers, "x-frame-options", "DENY");
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "same-origin");
    response
}
