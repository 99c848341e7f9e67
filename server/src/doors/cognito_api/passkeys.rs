//! Passkeys in Cognito's shapes: Start/CompleteWebAuthnRegistration,
//! ListWebAuthnCredentials and DeleteWebAuthnCredential with the user's access token, and
//! Get/AdminGetUserAuthFactors.

use super::mfa::with_mfa;
use super::paging::{ListRequest, page};
use super::prelude::*;
use super::wire::request;
use crate::pool::{AuthFactors, MAX_PASSKEYS, Passkey};

request!(StartRegistrationRequest {
    access_token: String
});

/// StartWebAuthnRegistration: the `CredentialCreationOptions` to pass to the browser.
pub(super) async fn start_web_authn_registration(
    pool: &UserPool,
    request: StartRegistrationRequest,
) -> Answer {
    let options = pool
        .start_passkey_registration(&request.access_token)
        .await?;
    Ok(json!({ "CredentialCreationOptions": options }))
}

request!(CompleteRegistrationRequest {
    access_token: String,
    credential: Value,
});

/// CompleteWebAuthnRegistration: the browser's `RegistrationResponseJSON` (a document, or
/// the same as a JSON string).
pub(super) async fn complete_web_authn_registration(
    pool: &UserPool,
    request: CompleteRegistrationRequest,
) -> Answer {
    let credential = match &request.credential {
        Value::String(text) => text.clone(),
        Value::Object(_) => request.credential.to_string(),
        _ => {
            return Err(ApiError::invalid_parameter(
                "Credential must be the authenticator's registration response.",
            ));
        }
    };
    pool.complete_passkey_registration(&request.access_token, &credential)
        .await?;
    Ok(json!({}))
}

request!(ListCredentialsRequest {
    access_token: String,
    max_results: Option<i64>,
    next_token: Option<String>,
});

/// Cognito's `WebAuthnCredentialDescription`.
fn description(passkey: &Passkey) -> Value {
    let mut value = json!({
        "CredentialId": passkey.id,
        "FriendlyCredentialName": passkey.name.as_deref().unwrap_or("Passkey"),
        "RelyingPartyId": passkey.relying_party_id,
        "AuthenticatorTransports": passkey.transports,
        "CreatedAt": passkey.created_at.0,
    });
    if let Some(attachment) = &passkey.attachment {
        value["AuthenticatorAttachment"] = json!(attachment);
    }
    value
}

/// ListWebAuthnCredentials: the user's passkeys, oldest first.
pub(super) async fn list_web_authn_credentials(
    pool: &UserPool,
    request: ListCredentialsRequest,
) -> Answer {
    let passkeys = pool.list_passkeys(&request.access_token).await?;
    let paging = ListRequest {
        max_results: request.max_results,
        next_token: request.next_token,
    };
    let limit = i64::try_from(MAX_PASSKEYS).unwrap_or(20);
    let (passkeys, next) = page(passkeys, &paging, limit, |passkey| {
        super::paging::by_age(passkey.created_at, &passkey.id)
    })?;
    let mut answer = json!({ "Credentials": passkeys.iter().map(description).collect::<Vec<_>>() });
    if let Some(next) = next {
        answer["NextToken"] = json!(next);
    }
    Ok(answer)
}

request!(DeleteCredentialRequest {
    access_token: String,
    credential_id: String,
});

/// DeleteWebAuthnCredential.
pub(super) async fn delete_web_authn_credential(
    pool: &UserPool,
    request: DeleteCredentialRequest,
) -> Answer {
    pool.delete_passkey(&request.access_token, &request.credential_id)
        .await?;
    Ok(json!({}))
}

/// GetUserAuthFactors' (and its Admin twin's) answer.
fn factors_answer(factors: AuthFactors) -> Value {
    let first: Vec<&str> = factors.first.iter().map(|factor| factor.as_str()).collect();
    let answer = json!({
        "Username": factors.user.username,
        "ConfiguredUserAuthFactors": first,
    });
    with_mfa(answer, &factors.mfa)
}

request!(GetFactorsRequest {
    access_token: String
});

/// GetUserAuthFactors.
pub(super) async fn get_user_auth_factors(pool: &UserPool, request: GetFactorsRequest) -> Answer {
    Ok(factors_answer(
        pool.auth_factors(&request.access_token).await?,
    ))
}

request!(AdminGetFactorsRequest {
    user_pool_id: String,
    username: String,
});

/// AdminGetUserAuthFactors.
pub(super) async fn admin_get_user_auth_factors(
    pool: &UserPool,
    request: AdminGetFactorsRequest,
) -> Answer {
    Ok(factors_answer(
        pool.admin_auth_factors(&request.user_pool_id, &request.username)
            .await?,
    ))
}
