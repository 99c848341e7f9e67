//! The operations an app calls without AWS credentials (Cognito's public API): sign-up,
//! codes, sign-in, refresh, passwords, the signed-in user, sign-out and revocation.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::ApiError;
use super::wire::{
    AttributeType, AuthenticationResult, CodeDeliveryDetails, attributes_from, attributes_to, parse,
};
use crate::pool::secrets::ClientProof;
use crate::pool::{
    NEW_PASSWORD_REQUIRED, PASSWORD_VERIFIER, SignInStep, SignUpInput, SrpClaim, UserPool,
};

/// Runs `operation` if it is one of these; `None` if it is not.
pub async fn run(
    pool: &UserPool,
    operation: &str,
    input: Value,
) -> Option<Result<Value, ApiError>> {
    Some(match operation {
        "SignUp" => sign_up(pool, input).await,
        "ConfirmSignUp" => confirm_sign_up(pool, input).await,
        "ResendConfirmationCode" => resend_confirmation_code(pool, input).await,
        "InitiateAuth" => initiate_auth(pool, input).await,
        "GetTokensFromRefreshToken" => get_tokens_from_refresh_token(pool, input).await,
        "ForgotPassword" => forgot_password(pool, input).await,
        "ConfirmForgotPassword" => confirm_forgot_password(pool, input).await,
        "ChangePassword" => change_password(pool, input).await,
        "GetUser" => get_user(pool, input).await,
        "GlobalSignOut" => global_sign_out(pool, input).await,
        "RevokeToken" => revoke_token(pool, input).await,
        "RespondToAuthChallenge" => respond_to_auth_challenge(pool, input).await,
        "UpdateUserAttributes" => update_user_attributes(pool, input).await,
        "DeleteUserAttributes" => delete_user_attributes(pool, input).await,
        "GetUserAttributeVerificationCode" => get_verification_code(pool, input).await,
        "VerifyUserAttribute" => verify_user_attribute(pool, input).await,
        "DeleteUser" => delete_user(pool, input).await,
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SignUpRequest {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    password: String,
    #[serde(default)]
    user_attributes: Vec<AttributeType>,
}

async fn sign_up(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: SignUpRequest = parse(input)?;
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    let outcome = pool
        .sign_up(
            &request.client_id,
            proof,
            SignUpInput {
                username: request.username,
                password: request.password,
                attributes: attributes_from(request.user_attributes),
            },
        )
        .await?;
    let mut response = json!({
        "UserConfirmed": outcome.confirmed,
        "UserSub": outcome.sub.as_str(),
    });
    // Absent, as Cognito's, when the pool sends no code.
    if let Some(delivery) = outcome.delivery {
        response["CodeDeliveryDetails"] = json!(CodeDeliveryDetails::from(delivery));
    }
    Ok(response)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfirmSignUpRequest {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    confirmation_code: String,
}

async fn confirm_sign_up(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ConfirmSignUpRequest = parse(input)?;
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    pool.confirm_sign_up(
        &request.client_id,
        proof,
        &request.username,
        &request.confirmation_code,
    )
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UsernameRequest {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
}

async fn resend_confirmation_code(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UsernameRequest = parse(input)?;
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    let delivery = pool
        .resend_confirmation_code(&request.client_id, proof, &request.username)
        .await?;
    Ok(json!({ "CodeDeliveryDetails": CodeDeliveryDetails::from(delivery) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateAuthRequest {
    auth_flow: String,
    client_id: String,
    #[serde(default)]
    auth_parameters: HashMap<String, String>,
}

async fn initiate_auth(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: InitiateAuthRequest = parse(input)?;
    let parameter = |name: &str| request.auth_parameters.get(name).map(String::as_str);
    let required = |name: &str| {
        parameter(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| {
                ApiError::invalid_parameter(format!("Missing required parameter {name}"))
            })
    };
    match request.auth_flow.as_str() {
        "USER_PASSWORD_AUTH" => {
            let username = required("USERNAME")?;
            let password = required("PASSWORD")?;
            let step = pool
                .password_auth(
                    &request.client_id,
                    username,
                    password,
                    ClientProof::SecretHash(parameter("SECRET_HASH")),
                    Some("USER_PASSWORD_AUTH"),
                )
                .await?;
            Ok(auth_answer(step))
        }
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
            let refresh_token = required("REFRESH_TOKEN")?;
            let tokens = pool
                .refresh(
                    &request.client_id,
                    refresh_token,
                    ClientProof::SecretHash(parameter("SECRET_HASH")),
                )
                .await?;
            Ok(json!({
                "AuthenticationResult": AuthenticationResult::new(tokens, None),
                "ChallengeParameters": {},
            }))
        }
        "USER_SRP_AUTH" => srp_challenge(pool, &request.client_id, &request.auth_parameters).await,
        "CUSTOM_AUTH" | "USER_AUTH" => Err(ApiError::invalid_parameter(format!(
            "{} is not supported yet.",
            request.auth_flow
        ))),
        "ADMIN_NO_SRP_AUTH" | "ADMIN_USER_PASSWORD_AUTH" => Err(ApiError::invalid_parameter(
            format!("{} is only for AdminInitiateAuth.", request.auth_flow),
        )),
        other => Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy \
             constraint: Member must satisfy enum value set"
        ))),
    }
}

/// InitiateAuth's answer: tokens, or the challenge to answer next.
pub fn auth_answer(step: SignInStep) -> Value {
    match step {
        SignInStep::Done(signed_in) => json!({
            "AuthenticationResult": AuthenticationResult::new(
                signed_in.tokens,
                Some(signed_in.refresh_token),
            ),
            "ChallengeParameters": {},
        }),
        SignInStep::NewPasswordRequired { session, user } => {
            let mut attributes = user.attributes.clone();
            attributes.remove("email_verified");
            json!({
                "ChallengeName": NEW_PASSWORD_REQUIRED,
                "Session": session,
                "ChallengeParameters": {
                    "USER_ID_FOR_SRP": user.username,
                    "requiredAttributes": "[]",
                    "userAttributes": serde_json::to_string(&attributes).unwrap_or_default(),
                },
            })
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChallengeRequest {
    pub client_id: String,
    pub challenge_name: String,
    pub session: Option<String>,
    #[serde(default)]
    pub challenge_responses: HashMap<String, String>,
}

async fn respond_to_auth_challenge(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ChallengeRequest = parse(input)?;
    answer_challenge(pool, request).await
}

/// USER_SRP_AUTH's first step (InitiateAuth and its Admin twin): the PASSWORD_VERIFIER
/// challenge for the client's `SRP_A`.
pub async fn srp_challenge(
    pool: &UserPool,
    client_id: &str,
    parameters: &HashMap<String, String>,
) -> Result<Value, ApiError> {
    let required = |name: &str| {
        parameters
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| {
                ApiError::invalid_parameter(format!("Missing required parameter {name}"))
            })
    };
    let challenge = pool
        .srp_start(
            client_id,
            required("USERNAME")?,
            required("SRP_A")?,
            ClientProof::SecretHash(parameters.get("SECRET_HASH").map(String::as_str)),
        )
        .await?;
    Ok(json!({
        "ChallengeName": PASSWORD_VERIFIER,
        "ChallengeParameters": {
            "SALT": challenge.salt,
            "SRP_B": challenge.srp_b,
            "SECRET_BLOCK": challenge.secret_block,
            "USER_ID_FOR_SRP": challenge.user_id,
            "USERNAME": challenge.user_id,
        },
    }))
}

/// Answers a challenge (RespondToAuthChallenge and its Admin twin).
pub async fn answer_challenge(
    pool: &UserPool,
    request: ChallengeRequest,
) -> Result<Value, ApiError> {
    let response = |name: &str| {
        request
            .challenge_responses
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| {
                ApiError::invalid_parameter(format!("Missing required parameter {name}"))
            })
    };
    let secret_hash = request
        .challenge_responses
        .get("SECRET_HASH")
        .map(String::as_str);
    match request.challenge_name.as_str() {
        NEW_PASSWORD_REQUIRED => {
            let username = response("USERNAME")?;
            let new_password = response("NEW_PASSWORD")?;
            let session = request
                .session
                .as_deref()
                .ok_or_else(|| ApiError::invalid_parameter("Missing required parameter Session"))?;
            let signed_in = pool
                .respond_new_password(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    session,
                    username,
                    new_password,
                )
                .await?;
            Ok(auth_answer(SignInStep::Done(signed_in)))
        }
        PASSWORD_VERIFIER => {
            let claim = SrpClaim {
                username: response("USERNAME")?,
                secret_block: response("PASSWORD_CLAIM_SECRET_BLOCK")?,
                signature: response("PASSWORD_CLAIM_SIGNATURE")?,
                timestamp: response("TIMESTAMP")?,
            };
            let step = pool
                .srp_verify(
                    &request.client_id,
                    &claim,
                    ClientProof::SecretHash(secret_hash),
                )
                .await?;
            Ok(auth_answer(step))
        }
        other => Err(ApiError::invalid_parameter(format!(
            "The challenge {other} is not supported."
        ))),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RefreshRequest {
    refresh_token: String,
    client_id: String,
    client_secret: Option<String>,
}

async fn get_tokens_from_refresh_token(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: RefreshRequest = parse(input)?;
    let tokens = pool
        .refresh(
            &request.client_id,
            &request.refresh_token,
            ClientProof::Secret(request.client_secret.as_deref()),
        )
        .await?;
    Ok(json!({ "AuthenticationResult": AuthenticationResult::new(tokens, None) }))
}

async fn forgot_password(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UsernameRequest = parse(input)?;
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    let delivery = pool
        .forgot_password(&request.client_id, proof, &request.username)
        .await?;
    Ok(json!({ "CodeDeliveryDetails": CodeDeliveryDetails::from(delivery) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfirmForgotPasswordRequest {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    confirmation_code: String,
    password: String,
}

async fn confirm_forgot_password(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ConfirmForgotPasswordRequest = parse(input)?;
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    pool.confirm_forgot_password(
        &request.client_id,
        proof,
        &request.username,
        &request.confirmation_code,
        &request.password,
    )
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ChangePasswordRequest {
    previous_password: String,
    proposed_password: String,
    access_token: String,
}

async fn change_password(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ChangePasswordRequest = parse(input)?;
    pool.change_password(
        &request.access_token,
        &request.previous_password,
        &request.proposed_password,
    )
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AccessTokenRequest {
    access_token: String,
}

async fn get_user(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AccessTokenRequest = parse(input)?;
    let (_claims, user) = pool.authenticate(&request.access_token).await?;
    Ok(json!({
        "Username": user.username,
        "UserAttributes": attributes_to(&user.attributes, user.sub.as_str()),
    }))
}

async fn global_sign_out(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AccessTokenRequest = parse(input)?;
    pool.global_sign_out(&request.access_token).await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RevokeTokenRequest {
    token: String,
    client_id: String,
    client_secret: Option<String>,
}

async fn revoke_token(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: RevokeTokenRequest = parse(input)?;
    pool.revoke_refresh_token(
        &request.client_id,
        &request.token,
        ClientProof::Secret(request.client_secret.as_deref()),
    )
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateAttributesRequest {
    access_token: String,
    user_attributes: Vec<AttributeType>,
}

async fn update_user_attributes(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UpdateAttributesRequest = parse(input)?;
    let delivery = pool
        .update_attributes(
            &request.access_token,
            attributes_from(request.user_attributes),
        )
        .await?;
    let list: Vec<CodeDeliveryDetails> = delivery.into_iter().map(Into::into).collect();
    Ok(json!({ "CodeDeliveryDetailsList": list }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteAttributesRequest {
    access_token: String,
    user_attribute_names: Vec<String>,
}

async fn delete_user_attributes(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: DeleteAttributesRequest = parse(input)?;
    pool.delete_attributes(&request.access_token, &request.user_attribute_names)
        .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AttributeRequest {
    access_token: String,
    attribute_name: String,
    code: Option<String>,
}

async fn get_verification_code(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AttributeRequest = parse(input)?;
    let delivery = pool
        .send_verification_code(&request.access_token, &request.attribute_name)
        .await?;
    Ok(json!({ "CodeDeliveryDetails": CodeDeliveryDetails::from(delivery) }))
}

async fn verify_user_attribute(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AttributeRequest = parse(input)?;
    let code = request.code.ok_or_else(|| {
        ApiError::invalid_parameter(
            "1 validation error detected: Value null at 'code' failed to satisfy constraint: \
             Member must not be null",
        )
    })?;
    pool.verify_attribute(&request.access_token, &request.attribute_name, &code)
        .await?;
    Ok(json!({}))
}

async fn delete_user(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AccessTokenRequest = parse(input)?;
    pool.delete_self(&request.access_token).await?;
    Ok(json!({}))
}
