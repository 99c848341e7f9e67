//! Protections every response or form post gets: cross-site form posts refused, and the
//! security headers (no framing, no sniffing, no referrer to other sites, and a content
//! security policy).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a state-changing request to the hosted pages' server functions that a browser
/// sent from another site (CSRF). Browsers label every request with `Sec-Fetch-Site`, or
/// at least `Origin`; a request with neither did not come from a browser, so no cookie of
/// a victim rides on it (the approach of OWASP's "Fetch Metadata" defence and of Go's
/// `http.CrossOriginProtection`). The session cookie is also `SameSite=Lax`.
/// `public_origin` is `server.public_url`'s origin, which a proxy's rewritten `Host` may
/// not match.
pub async fn refuse_cross_site(
    State(public_origin): State<Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let guarded = path.starts_with("/api/") && !path.starts_with("/api/demo/");
    let safe_method = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if guarded && !safe_method && is_cross_site(request.headers(), &public_origin) {
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

fn is_cross_site(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    if origin
        .to_str()
        .is_ok_and(|origin| origin.eq_ignore_ascii_case(public_origin))
    {
        return false;
    }
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

/// The longest `Location` a page's answer carries; a longer one (a form echoing a huge
/// field) is cut to its path.
const MAX_LOCATION: usize = 4096;

/// The hosted pages' server functions answer as their door should:
/// - a plain form post that fails goes back to its page by its `Referer` (Leptos's way);
///   a `Referer` that is not a page of this site is replaced by the form's own page, so
///   a failure never sends the browser to another site;
/// - a form posted without one of its fields is the caller's mistake (400), not the
///   server's: Leptos answers every server function error 500, so the status is taken
///   from the error itself;
/// - a `Location` is never longer than [`MAX_LOCATION`].
pub async fn server_fn_answers(
    State(public_origin): State<Arc<str>>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let Some(page) = page_of(path).filter(|_| request.method() == Method::POST) else {
        return next.run(request).await;
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let referer_is_ours = request
        .headers()
        .get(header::REFERER)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|referer| {
            referer.len() <= MAX_LOCATION
                && (is_under(referer, &public_origin)
                    || is_under(referer, &format!("http://{host}"))
                    || is_under(referer, &format!("https://{host}")))
        });
    if !referer_is_ours && let Ok(value) = HeaderValue::from_str(&format!("{public_origin}{page}"))
    {
        request.headers_mut().insert(header::REFERER, value);
    }
    let mut response = next.run(request).await;
    if response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key("serverfnerror")
    {
        let (mut parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 64 * 1024)
            .await
            .unwrap_or_default();
        if let Ok(error) = serde_json::from_slice::<app::error::UiError>(&bytes) {
            parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
        }
        response = Response::from_parts(parts, axum::body::Body::from(bytes));
    }
    let too_long = response
        .headers()
        .get(header::LOCATION)
        .filter(|location| location.len() > MAX_LOCATION)
        .and_then(|location| location.to_str().ok())
        .map(|location| location.split('?').next().unwrap_or("/").to_string());
    if let Some(path) = too_long
        && let Ok(value) = HeaderValue::from_str(&path)
    {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Whether `url` is `origin` itself or a path under it (not `origin.evil.example`).
fn is_under(url: &str, origin: &str) -> bool {
    url.strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
}

/// The page a server function's form is on.
fn page_of(path: &str) -> Option<&'static str> {
    Some(match path.strip_prefix("/api/")? {
        "sign_in" | "continue_sign_in" => "/login",
        "sign_up" => "/signup",
        "confirm_sign_up" | "resend_code" => "/confirmUser",
        "forgot_password" => "/forgotPassword",
        "confirm_forgot_password" => "/confirmForgotPassword",
        "new_password" => "/newPassword",
        "mfa_code" | "mfa_choose" | "mfa_setup_secret" | "mfa_setup" => "/mfa",
        "add_note" | "demo" => "/demo",
        name if name == "account" || name.starts_with("account_") => "/account",
        "client" => "/login",
        _ => return None,
    })
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
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    );
    set(headers, "x-frame-options", "DENY");
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "same-origin");
    response
}

/// `scheme://host[:port]` of a URL such as `server.public_url`.
pub fn origin_of(url: &str) -> Arc<str> {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let host = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{host}").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let public = "https://id.example.com";
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            public
        ));
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "none")]),
            public
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            public
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            public
        ));
    }

    #[test]
    fn otherwise_the_origin_must_be_this_site() {
        let public = "https://id.example.com";
        let host = ("host", "10.0.0.5:3000");
        assert!(!is_cross_site(&headers(&[host]), public), "not a browser");
        assert!(!is_cross_site(
            &headers(&[host, ("origin", "https://id.example.com")]),
            public
        ));
        assert!(!is_cross_site(
            &headers(&[
                ("host", "id.example.com"),
                ("origin", "https://id.example.com")
            ]),
            "http://127.0.0.1:3000"
        ));
        assert!(is_cross_site(
            &headers(&[host, ("origin", "https://evil.example")]),
            public
        ));
        assert!(is_cross_site(&headers(&[host, ("origin", "null")]), public));
    }

    #[test]
    fn the_origin_of_a_url_keeps_scheme_host_and_port() {
        assert_eq!(
            &*origin_of("https://id.example.com/base"),
            "https://id.example.com"
        );
        assert_eq!(
            &*origin_of("http://127.0.0.1:3000"),
            "http://127.0.0.1:3000"
        );
    }
}
