//! `/api/demo/notes`: the demo API's HTTP face. A bearer access token or nothing; answers
//! in RFC 6750's shapes.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Demo, DemoError, Note};
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

#[derive(Deserialize)]
pub struct NewNote {
    body: String,
}

/// `GET /api/demo/notes`: the caller's notes, newest first.
pub async fn list_notes(State(demo): State<Arc<Demo>>, headers: HeaderMap) -> Response {
    let claims = match authorize(&demo, &headers).await {
        Ok(claims) => claims,
        Err(error) => return failure(&error),
    };
    match demo.list(&claims).await {
        Ok(notes) => {
            let notes: Vec<NoteBody> = notes.into_iter().map(NoteBody::from).collect();
            no_store(Json(json!({ "notes": notes })))
        }
        Err(error) => failure(&Some(error)),
    }
}

/// `POST /api/demo/notes` with `{"body": "..."}`: adds a note owned by the caller.
pub async fn add_note(
    State(demo): State<Arc<Demo>>,
    headers: HeaderMap,
    body: Result<Json<NewNote>, JsonRejection>,
) -> Response {
    let claims = match authorize(&demo, &headers).await {
        Ok(claims) => claims,
        Err(error) => return failure(&error),
    };
    let Ok(Json(note)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Send a JSON object {\"body\": \"...\"}.",
        );
    };
    match demo.add(&claims, &note.body).await {
        Ok(note) => (StatusCode::CREATED, no_store(Json(NoteBody::from(note)))).into_response(),
        Err(error) => failure(&Some(error)),
    }
}

/// The bearer token's verified claims (RFC 6750 §2.1).
async fn authorize(demo: &Demo, headers: &HeaderMap) -> Result<AccessClaims, Option<DemoError>> {
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
    // No token at all is `None`: RFC 6750 §3.1 gives it a bare challenge.
    let token = token.ok_or(None)?;
    demo.authorize(token).await.map_err(Some)
}

/// The one map from the demo's outcomes to HTTP (RFC 6750 §3).
fn failure(error: &Option<DemoError>) -> Response {
    let Some(error) = error else {
        return unauthorized(
            "Bearer",
            "missing_token",
            "Send an access token as Authorization: Bearer.",
        );
    };
    match error {
        DemoError::Unauthorized(message) => {
            unauthorized("Bearer error=\"invalid_token\"", "invalid_token", message)
        }
        DemoError::InsufficientScope(scope) => with_challenge(
            self::error(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                &format!("The access token needs the scope {scope}."),
            ),
            &format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\""),
        ),
        DemoError::InvalidNote => self::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "A note must have 1 to 500 characters.",
        ),
        DemoError::Internal => self::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "Try again later.",
        ),
    }
}

fn unauthorized(challenge: &str, code: &str, message: &str) -> Response {
    with_challenge(error(StatusCode::UNAUTHORIZED, code, message), challenge)
}

fn with_challenge(mut response: Response, challenge: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
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
