//! The operations an app calls without AWS credentials (Cognito's public API): sign-up,
//! codes, refresh, passwords, the signed-in user, sign-out and revocation. Signing in is
//! in `auth`.

use super::prelude::*;
use super::wire::request;

request!(SignUpRequest {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    password: String,
    #[serde(default)] user_attributes: Vec<AttributeType>,
    #[serde(default)] validation_data: Vec<AttributeType>,
    #[serde(default)] client_metadata: Attributes,
});

pub(super) async fn sign_up(pool: &UserPool, request: SignUpRequest) -> Answer {
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    let outcome = pool
        .sign_up(
            &request.client_id,
            proof,
            SignUpInput {
                username: request.username,
                password: request.password,
                attributes: attributes_from(request.user_attributes),
                validation_data: attributes_from(request.validation_data),
                client_metadata: request.client_metadata,
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

request!(ConfirmSignUpRequest {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    confirmation_code: String,
});

pub(super) async fn confirm_sign_up(pool: &UserPool, request: ConfirmSignUpRequest) -> Answer {
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

request!(UsernameRequest { client_id: String, secret_hash: Option<String>, username: String });

pub(super) async fn resend_confirmation_code(pool: &UserPool, request: UsernameRequest) -> Answer {
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    let delivery = pool
        .resend_confirmation_code(&request.client_id, proof, &request.username)
        .await?;
    Ok(json!({ "CodeDeliveryDetails": CodeDeliveryDetails::from(delivery) }))
}

request!(RefreshRequest {
    refresh_token: String,
    client_id: String,
    client_secret: Option<String>,
});

pub(super) async fn get_tokens_from_refresh_token(
    pool: &UserPool,
    request: RefreshRequest,
) -> Answer {
    let tokens = pool
        .refresh(
            &request.client_id,
            &request.refresh_token,
            ClientProof::Secret(request.client_secret.as_deref()),
        )
        .await?;
    Ok(json!({ "AuthenticationResult": AuthenticationResult::new(tokens, None) }))
}

pub(super) async fn forgot_password(pool: &UserPool, request: UsernameRequest) -> Answer {
    let proof = ClientProof::SecretHash(request.secret_hash.as_deref());
    let delivery = pool
        .forgot_password(&request.client_id, proof, &request.username)
        .await?;
    Ok(json!({ "CodeDeliveryDetails": CodeDeliveryDetails::from(delivery) }))
}

request!(ConfirmForgotPasswordRequest {
    client_id: String,
    secret_hash: Option<String>,
    username: String,
    confirmation_code: String,
    password: String,
});

pub(super) async fn confirm_forgot_password(
    pool: &UserPool,
    request: ConfirmForgotPasswordRequest,
) -> Answer {
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

request!(ChangePasswordRequest {
    previous_password: String,
    proposed_password: String,
    access_token: String,
});

pub(super) async fn change_password(pool: &UserPool, request: ChangePasswordRequest) -> Answer {
    pool.change_password(
        &request.access_token,
        &request.previous_password,
        &request.proposed_password,
    )
    .await?;
    Ok(json!({}))
}

request!(AccessTokenRequest {
    access_token: String
});

pub(super) async fn get_user(pool: &UserPool, request: AccessTokenRequest) -> Answer {
    let user = pool.own_user(&request.access_token).await?;
    let answer = json!({
        "Username": user.username,
        "UserAttributes": attributes_to(&user.attributes, user.sub.as_str()),
    });
    Ok(super::mfa::with_mfa(answer, &pool.user_mfa(&user).await?))
}

pub(super) async fn global_sign_out(pool: &UserPool, request: AccessTokenRequest) -> Answer {
    pool.global_sign_out(&request.access_token).await?;
    Ok(json!({}))
}

request!(RevokeTokenRequest { token: String, client_id: String, client_secret: Option<String> });

pub(super) async fn revoke_token(pool: &UserPool, request: RevokeTokenRequest) -> Answer {
    pool.revoke_refresh_token(
        &request.client_id,
        &request.token,
        ClientProof::Secret(request.client_secret.as_deref()),
    )
    .await?;
    Ok(json!({}))
}

request!(UpdateAttributesRequest { access_token: String, user_attributes: Vec<AttributeType> });

pub(super) async fn update_user_attributes(
    pool: &UserPool,
    request: UpdateAttributesRequest,
) -> Answer {
    let delivery = pool
        .update_attributes(
            &request.access_token,
            attributes_from(request.user_attributes),
        )
        .await?;
    let list: Vec<CodeDeliveryDetails> = delivery.into_iter().map(Into::into).collect();
    Ok(json!({ "CodeDeliveryDetailsList": list }))
}

request!(DeleteAttributesRequest { access_token: String, user_attribute_names: Vec<String> });

pub(super) async fn delete_user_attributes(
    pool: &UserPool,
    request: DeleteAttributesRequest,
) -> Answer {
    pool.delete_attributes(&request.access_token, &request.user_attribute_names)
        .await?;
    Ok(json!({}))
}

request!(AttributeRequest { access_token: String, attribute_name: String, code: Option<String> });

pub(super) async fn get_verification_code(pool: &UserPool, request: AttributeRequest) -> Answer {
    let delivery = pool
        .send_verification_code(&request.access_token, &request.attribute_name)
        .await?;
    Ok(json!({ "CodeDeliveryDetails": CodeDeliveryDetails::from(delivery) }))
}

pub(super) async fn verify_user_attribute(pool: &UserPool, request: AttributeRequest) -> Answer {
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

pub(super) async fn delete_user(pool: &UserPool, request: AccessTokenRequest) -> Answer {
    pool.delete_self(&request.access_token).await?;
    Ok(json!({}))
}
