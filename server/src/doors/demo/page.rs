//! The demo page's door ([`DemoUi`]): the page renders from the sign-in's own tokens,
//! checked exactly as the API checks them; it signs nothing.

use app::dto::{DemoView, FilesView, NoteView};
use app::error::{UiError, UiErrorKind};
use app::port::DemoUi;
use async_trait::async_trait;
use serde_json::Value;

use super::{Demo, DemoError, Note};
use crate::tokens::AccessClaims;

#[async_trait]
impl DemoUi for Demo {
    async fn view(&self, id_token: &str, access_token: &str) -> Result<Option<DemoView>, UiError> {
        let claims = match self.authorize(access_token).await {
            Ok(claims) => claims,
            Err(DemoError::Unauthorized(_)) => return Ok(None),
            Err(other) => return Err(ui_error(other)),
        };
        // The ID token must be as good as the access token, and the same user's.
        let Ok(id_claims) = self.pool.id_token_claims(id_token).await else {
            return Ok(None);
        };
        if id_claims.get("sub").and_then(Value::as_str) != Some(claims.sub.as_str()) {
            return Ok(None);
        }
        let notes = self.list(&claims).await.map_err(ui_error)?;
        let files = self.files_view(&claims, id_token).await;
        Ok(Some(DemoView {
            claims: id_claims
                .into_iter()
                .map(|(name, value)| {
                    let text = match value {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    (name, text)
                })
                .collect(),
            access_token: access_token.to_string(),
            notes: notes.into_iter().map(note_view).collect(),
            files,
        }))
    }

    async fn add_note(&self, access_token: &str, body: &str) -> Result<NoteView, UiError> {
        let claims = self.authorize(access_token).await.map_err(ui_error)?;
        self.add(&claims, body)
            .await
            .map(note_view)
            .map_err(ui_error)
    }
}

impl Demo {
    /// "Your files", if an S3 server is configured and an identity pool takes the app
    /// client of this sign-in; a failed lookup only leaves the files out.
    async fn files_view(&self, claims: &AccessClaims, id_token: &str) -> Option<FilesView> {
        let files = self.files.as_ref()?;
        let pool = super::claims_pool(claims).ok()?;
        let identity_pool = match self
            .pool
            .identity_pool_for_client(&pool, &claims.client_id)
            .await
        {
            Ok(found) => found?,
            Err(error) => {
                tracing::warn!(%error, "the demo could not look up an identity pool");
                return None;
            }
        };
        Some(FilesView {
            identity_pool_id: identity_pool.id,
            provider: self.pool.login_provider_name(&pool),
            id_token: id_token.to_string(),
            endpoint: files.endpoint.clone(),
            bucket: files.bucket.clone(),
        })
    }
}

fn note_view(note: Note) -> NoteView {
    NoteView {
        id: note.id,
        body: note.body,
        created_at: note.created_at.0,
    }
}

/// The one map from the demo's outcomes to a message on its page.
fn ui_error(error: DemoError) -> UiError {
    match error {
        DemoError::Unauthorized(_) => UiError::new(
            UiErrorKind::NotAuthorized,
            "Your session has ended. Sign in again.",
        ),
        DemoError::InsufficientScope(scope) => UiError::new(
            UiErrorKind::NotAuthorized,
            format!("The notes API needs the scope {scope}, which this sign-in does not hold."),
        ),
        DemoError::InvalidNote => UiError::new(
            UiErrorKind::InvalidInput,
            "A note must have 1 to 500 characters.",
        ),
        DemoError::Internal => UiError::unavailable(),
    }
}
