//! Per-address limits at the doors. The limits are the domain's (`UserPool::admit`); here
//! each door's requests are named as attempts (a sign-in, a sign-up, a code asked for or
//! typed), the client's address is found, and a refusal is said in the door's own shape:
//! `TooManyRequestsException` for the Cognito API, 503 for the hosted pages, both with
//! `Retry-After`, after a short wait (a tarpit).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use ipnet::IpNet;

use crate::doors::cognito_api::ApiError;
use crate::plumbing::serve::peer_of;
use crate::pool::UserPool;
use crate::pool::limits::Attempt;
use crate::pool::seen::{self, Seen};

/// What the admission layer needs: the domain's limits and whom to believe.
#[derive(Clone)]
pub struct Admission {
    pub pool: Arc<UserPool>,
    /// `server.trusted_proxies`.
    pub trusted_proxies: Arc<[IpNet]>,
    /// `Secure` on the device cookie (the public URL is https).
    pub secure_cookies: bool,
}

/// The hosted pages' device cookie: a random id the browser keeps for a year, so that
/// threat protection knows a device it has seen (its hash only is stored).
pub const DEVICE_COOKIE: &str = "cognate_device";
const DEVICE_COOKIE_SECONDS: i64 = 365 * 86_400;

/// Sets the request's signals for the domain (`pool::seen`): the client's address, its
/// user agent, and the hosted pages' device cookie, given to a browser that navigates to a
/// page without one.
pub async fn observe(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let address = peer_of(request.extensions())
        .map(|peer| client_address(peer.ip(), headers, &admission.trusted_proxies));
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .and_then(Seen::clean);
    let mut device = app::port::cookie(headers, DEVICE_COOKIE).filter(|id| {
        id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    let navigates = request.method() == Method::GET
        && headers
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    let new_device = if device.is_none() && navigates {
        let id = crate::tokens::new_refresh_token();
        device = Some(id.clone());
        Some(id)
    } else {
        None
    };
    let seen = Seen {
        ip: address,
        claimed_ip: None,
        device_name: None,
        user_agent,
        device,
    };
    let mut response = seen::scope(seen, next.run(request)).await;
    if let Some(id) = new_device {
        let secure = if admission.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{DEVICE_COOKIE}={id}; Path=/; Max-Age={DEVICE_COOKIE_SECONDS}; HttpOnly; SameSite=Lax{secure}"
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Which door a limited request came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Door {
    Cognito,
    Pages,
}

/// Counts the request against its client address if it is an attempt; refuses it, in its
/// door's shape, when the address is over its limit.
pub async fn admit(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    let Some((door, attempt)) =
        attempt_of(request.method(), request.uri().path(), request.headers())
    else {
        return next.run(request).await;
    };
    // The client's address, as `observe` (the layer around this one) found it.
    let Some(client) = seen::current().ip else {
        // Not from the accept loop (a test calling the router directly): nothing to count.
        return next.run(request).await;
    };
    match admission.pool.admit(client, attempt).await {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            // The refusal itself waits (up to a second): a client that floods from one
            // address gets a few answers a second per connection instead of thousands,
            // so refusing it does not take the cores legitimate sign-ins need.
            tokio::time::sleep(wait.min(TARPIT)).await;
            refusal(door, wait)
        }
    }
}

/// The longest a refusal over the per-address limit waits before it is sent.
const TARPIT: Duration = Duration::from_secs(1);

/// The attempt a request makes, if it is one the per-address limits count.
fn attempt_of(method: &Method, path: &str, headers: &HeaderMap) -> Option<(Door, Attempt)> {
    // A federated sign-in's steps make Cognate call the provider (or verify its XML
    // signatures): counted as sign-ins.
    let federating = matches!(
        path,
        "/oauth2/idpresponse" | "/oauth2/federate" | "/saml2/idpresponse" | "/saml2/logout"
    );
    if federating && (method == Method::GET || method == Method::POST) {
        return Some((Door::Pages, Attempt::SignIn));
    }
    if method != Method::POST {
        return None;
    }
    if path == "/" {
        let target = headers.get("x-amz-target")?.to_str().ok()?;
        let operation = target.rsplit('.').next()?;
        let attempt = match operation {
            "InitiateAuth" | "RespondToAuthChallenge" | "ChangePassword" => Attempt::SignIn,
            "SignUp" => Attempt::SignUp,
            // A guest's GetId makes an identity; the others sign a token, and may call the STS.
            "GetId" | "GetOpenIdToken" | "GetCredentialsForIdentity" => Attempt::IdentityCall,
            "ForgotPassword" | "ResendConfirmationCode" | "GetUserAttributeVerificationCode" => {
                Attempt::CodeRequest
            }
            "ConfirmSignUp"
            | "ConfirmForgotPassword"
            | "VerifyUserAttribute"
            | "VerifySoftwareToken"
            | "UpdateAuthEventFeedback" => Attempt::CodeAnswer,
            _ => return None,
        };
        return Some((Door::Cognito, attempt));
    }
    let attempt = match path.strip_prefix("/api/")? {
        "sign_in" | "new_password" | "mfa_setup_secret" | "account_password" | "account_delete" => {
            Attempt::SignIn
        }
        "sign_up" => Attempt::SignUp,
        // Choosing email codes sends one.
        "resend_code" | "forgot_password" | "mfa_choose" | "account_email_code"
        | "account_attribute" => Attempt::CodeRequest,
        "confirm_sign_up"
        | "confirm_forgot_password"
        | "mfa_code"
        | "mfa_setup"
        | "account_verify_email"
        | "account_app"
        | "auth_event_feedback" => Attempt::CodeAnswer,
        _ => return None,
    };
    Some((Door::Pages, attempt))
}

/// The client: the socket's peer, unless the peer is a trusted proxy, in which case the
/// nearest address in `X-Forwarded-For` that is not itself a trusted proxy. Entries are
/// read right to left (the proxies append), so a client cannot pick its own address by
/// sending the header itself; an unreadable entry stops the walk.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else {
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

fn refusal(door: Door, wait: Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let mut response = match door {
        Door::Cognito => {
            ApiError::new("TooManyRequestsException", "Too many requests.").into_response()
        }
        Door::Pages => (
            StatusCode::SERVICE_UNAVAILABLE,
            Html(format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>Too many attempts</title></head><body><main>\
                 <h1>Too many attempts</h1><p role=\"alert\">Too many attempts from your \
                 network. Wait {seconds} seconds, then go back and try again.</p>\
                 </main></body></html>"
            )),
        )
            .into_response(),
    };
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let headers = forwarded(&["1.1.1.1, 203.0.113.9"]);
        // From the proxy: the rightmost address the proxy did not add itself.
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // Two proxies deep, the first given by the client is ignored.
        let headers = forwarded(&["6.6.6.6", "203.0.113.9, 10.1.1.1"]);
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // From anyone else the header is ignored.
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(client_address(stranger, &headers, &trusted), stranger);
        assert_eq!(client_address(proxy, &headers, &[]), proxy);
        // Junk stops the walk at the last good hop.
        let headers = forwarded(&["203.0.113.9, junk, 10.1.1.1"]);
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "10.1.1.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn only_attempts_are_counted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-amz-target",
            HeaderValue::from_static("AWSCognitoIdentityProviderService.InitiateAuth"),
        );
        assert_eq!(
            attempt_of(&Method::POST, "/", &headers),
            Some((Door::Cognito, Attempt::SignIn))
        );
        assert_eq!(attempt_of(&Method::GET, "/", &headers), None);
        headers.insert(
            "x-amz-target",
            HeaderValue::from_static("AWSCognitoIdentityProviderService.ListUsers"),
        );
        assert_eq!(attempt_of(&Method::POST, "/", &headers), None);
        let none = HeaderMap::new();
        assert_eq!(
            attempt_of(&Method::POST, "/api/sign_up", &none),
            Some((Door::Pages, Attempt::SignUp))
        );
        assert_eq!(attempt_of(&Method::POST, "/api/demo", &none), None);
    }
}
