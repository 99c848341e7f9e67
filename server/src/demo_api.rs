//! `/api/demo/notes`: the demo protected API. It trusts nothing but a bearer access token,
//! verified offline against the pool's keys as an API gateway JWT authorizer would, and
//! serves only the notes whose owner is the token's `sub`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::pool::{PoolError, UserPool};
use crate::store::Note;
use crate::tokens::AccessClaims;

#[derive(Serialize)]
struct NoteBody {
    id: i64,
    body: String,
    created_at: i64,
}

impl From<Note> for NoteBody {
    fn from(note: Note) -> Self {
        Self {
            id: note.id,
            body: note.body,
            created_at: note.created_at.0,
        }
    }
}

/// What the demo API asks of a token beyond being valid: a scope, if configured
/// (`demo.required_scope`).
#[derive(Clone, Debug, Default)]
pub struct DemoPolicy {
    required_scope: Option<Arc<str>>,
}

impl DemoPolicy {
    pub fn new(required_scope: Option<String>) -> Self {
        Self {
            required_scope: required_scope
                .filter(|s| !s.trim().is_empty())
                .map(|s| Arc::from(s.trim())),
        }
    }
}

#[derive(Deserialize)]
pub struct NewNote {
    body: String,
}

/// `GET /api/demo/notes`: the caller's notes, newest first.
pub async fn list_notes(
    State(pool): State<Arc<UserPool>>,
    State(policy): State<DemoPolicy>,
    headers: HeaderMap,
) -> Response {
    let claims = match authorize(&pool, &policy, &headers).await {
        Ok(claims) => claims,
        Err(response) => return response,
    };
    match pool.list_notes(&claims).await {
        Ok(notes) => {
            let notes: Vec<NoteBody> = notes.into_iter().map(NoteBody::from).collect();
            no_store(Json(json!({ "notes": notes })))
        }
        Err(error) => failure(&error),
    }
}

/// `POST /api/demo/notes` with `{"body": "..."}`: adds a note owned by the caller.
pub async fn add_note(
    State(pool): State<Arc<UserPool>>,
    State(policy): State<DemoPolicy>,
    headers: HeaderMap,
    body: Result<Json<NewNote>, JsonRejection>,
) -> Response {
    let claims = match authorize(&pool, &policy, &headers).await {
        Ok(claims) => claims,
        Err(response) => return response,
    };
    let Ok(Json(note)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Send a JSON object {\"body\": \"...\"}.",
        );
    };
    match pool.add_note(&claims, &note.body).await {
        Ok(note) => (StatusCode::CREATED, no_store(Json(NoteBody::from(note)))).into_response(),
        Err(error) => failure(&error),
    }
}

/// The bearer token's verified claims, or the 401 to answer with (RFC 6750 §3).
async fn authorize(
    pool: &UserPool,
    policy: &DemoPolicy,
    headers: &HeaderMap,
) -> Result<AccessClaims, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|token| !token.is_empty());
    let Some(token) = token else {
        return Err(unauthorized(
            "missing_token",
            "Send an access token as Authorization: Bearer.",
        ));
    };
    match pool.authorize(token).await {
        Ok(claims) => match &policy.required_scope {
            // RFC 6750 §3.1: a valid token without the scope.
            Some(scope) if !claims.scope.split_whitespace().any(|s| s == &**scope) => {
                let mut response = error(
                    StatusCode::FORBIDDEN,
                    "insufficient_scope",
                    &format!("The access token needs the scope {scope}."),
                );
                let challenge = format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
                if let Ok(value) = axum::http::HeaderValue::from_str(&challenge) {
                    response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, value);
                }
                Err(response)
            }
            _ => Ok(claims),
        },
        Err(PoolError::NotAuthorized(message)) => Err(unauthorized("invalid_token", &message)),
        Err(other) => Err(failure(&other)),
    }
}

fn unauthorized(code: &str, message: &str) -> Response {
    let challenge = if code == "missing_token" {
        "Bearer".to_string()
    } else {
        format!("Bearer error=\"{code}\"")
    };
    let mut response = error(StatusCode::UNAUTHORIZED, code, message);
    if let Ok(value) = challenge.parse() {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

fn failure(error: &PoolError) -> Response {
    match error {
        PoolError::InvalidParameter(message) => {
            self::error(StatusCode::BAD_REQUEST, "invalid_request", message)
        }
        PoolError::NotAuthorized(message) => unauthorized("invalid_token", message),
        _ => self::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "Try again later.",
        ),
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        no_store(Json(json!({ "error": code, "message": message }))),
    )
        .into_response()
}

fn no_store(body: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], body).into_response()
}
