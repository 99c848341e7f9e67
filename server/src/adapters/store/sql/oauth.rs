//! OAuth authorization requests and single-use codes.

use super::*;

pub(super) const GET_OAUTH_REQUEST: &str = "SELECT client_id, redirect_uri, scope, state,
         nonce, code_challenge, auth_after, expires_at
     FROM oauth_requests WHERE id_hash = $1";
pub(super) const TAKE_OAUTH_REQUEST: &str = "DELETE FROM oauth_requests WHERE id_hash = $1
     RETURNING client_id, redirect_uri, scope, state, nonce, code_challenge, auth_after,
         expires_at";
pub(super) const REDEEM_OAUTH_CODE: &str = "UPDATE oauth_codes SET used_at = $1
     WHERE code_hash = $2 AND used_at IS NULL
     RETURNING client_id, user_sub, redirect_uri, scope, nonce, code_challenge, auth_time,
         expires_at";
pub(super) const OAUTH_CODE_FAMILY: &str = "SELECT family_id FROM oauth_codes WHERE code_hash = $1";
pub(super) const SET_CODE_FAMILY: &str =
    "UPDATE oauth_codes SET family_id = $1 WHERE code_hash = $2";

#[async_trait]
impl OAuthStore for SqlStore {
    async fn insert_oauth_request(&self, id_hash: &str, request: &OAuthRequest) -> Stored<()> {
        sqlx::query(
            "INSERT INTO oauth_requests (id_hash, client_id, redirect_uri, scope, state, nonce,
                 code_challenge, auth_after, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id_hash)
        .bind(request.client_id.as_str())
        .bind(&request.redirect_uri)
        .bind(&request.scope)
        .bind(&request.state)
        .bind(&request.nonce)
        .bind(&request.code_challenge)
        .bind(request.auth_after.map(|t| t.0))
        .bind(request.expires_at.0)
        .done(&self.db)
        .await
    }

    async fn get_oauth_request(&self, id_hash: &str) -> Stored<Option<OAuthRequest>> {
        sqlx::query(GET_OAUTH_REQUEST)
            .bind(id_hash)
            .one(&self.db, oauth_request_from_row)
            .await
    }

    async fn take_oauth_request(&self, id_hash: &str) -> Stored<Option<OAuthRequest>> {
        sqlx::query(TAKE_OAUTH_REQUEST)
            .bind(id_hash)
            .one(&self.db, oauth_request_from_row)
            .await
    }

    async fn insert_oauth_code(&self, code_hash: &str, code: &OAuthCode) -> Stored<()> {
        sqlx::query(
            "INSERT INTO oauth_codes (code_hash, client_id, user_sub, redirect_uri, scope, nonce,
                 code_challenge, auth_time, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(code_hash)
        .bind(code.client_id.as_str())
        .bind(code.user_sub.as_str())
        .bind(&code.redirect_uri)
        .bind(&code.scope)
        .bind(&code.nonce)
        .bind(&code.code_challenge)
        .bind(code.auth_time.0)
        .bind(code.expires_at.0)
        .done(&self.db)
        .await
    }

    async fn redeem_oauth_code(&self, code_hash: &str, now: Timestamp) -> Stored<Option<Redeemed>> {
        let first = sqlx::query(REDEEM_OAUTH_CODE)
            .bind(now.0)
            .bind(code_hash)
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?;
        if let Some(row) = first {
            return Ok(Some(Redeemed::First(oauth_code_from_row(&row)?)));
        }
        // Exchanged before: the family it gave, to revoke.
        let again = |row: &DbRow| {
            let family_id = row.try_get("family_id").map_err(backend)?;
            Ok(Redeemed::Again { family_id })
        };
        keyed(OAUTH_CODE_FAMILY, code_hash)
            .one(&self.db, again)
            .await
    }

    async fn set_code_family(&self, code_hash: &str, family_id: &str) -> Stored<()> {
        sqlx::query(SET_CODE_FAMILY)
            .bind(family_id)
            .bind(code_hash)
            .done(&self.db)
            .await
    }
}
