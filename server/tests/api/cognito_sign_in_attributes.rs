//! A pool's sign-in attributes through the AWS SDK: email as the username
//! (`UsernameAttributes`), no alias and no auto-verification, and the change
//! `UpdateUserPool` may make (`AutoVerifiedAttributes`; the others are fixed at creation).

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, ExplicitAuthFlowsType, MessageActionType, UserPoolType,
    UsernameAttributeType, VerifiedAttributeType,
};
use base64::Engine;
use serde_json::Value;

use crate::cognito_admin::{admin, code};
use crate::cognito_srp::srp_sign_in_to;
use crate::helpers::{PASSWORD, spawn_app};

fn email(value: &str) -> AttributeType {
    AttributeType::builder()
        .name("email")
        .value(value)
        .build()
        .unwrap()
}

/// A public client of `pool_id` that may use every flow these tests use.
async fn client_of(admin: &Client, pool_id: &str) -> String {
    admin
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("app")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string()
}

async fn described(admin: &Client, pool_id: &str) -> UserPoolType {
    admin
        .describe_user_pool()
        .user_pool_id(pool_id)
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .clone()
}

/// The access token of a USER_PASSWORD_AUTH sign-in, or the error's code.
pub(crate) async fn sign_in(
    cognito: &Client,
    client_id: &str,
    username: &str,
    password: &str,
) -> Result<String, String> {
    cognito
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", password)
        .send()
        .await
        .map(|out| {
            out.authentication_result()
                .unwrap()
                .access_token()
                .unwrap()
                .to_string()
        })
        .map_err(|error| code(&error))
}

/// A JWT's payload (the signature is checked by the server's own tests).
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

pub(crate) fn attribute<'a>(attributes: &'a [AttributeType], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|a| a.name() == name)
        .and_then(|a| a.value())
}

#[tokio::test]
async fn where_the_email_is_the_username_users_sign_up_and_in_with_it() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = admin
        .create_user_pool()
        .pool_name("Email as username")
        .username_attributes(UsernameAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let pool = described(&admin, &pool_id).await;
    assert_eq!(
        pool.username_attributes(),
        [UsernameAttributeType::Email],
        "DescribeUserPool echoes the setting"
    );
    assert!(pool.alias_attributes().is_empty());
    assert_eq!(
        pool.auto_verified_attributes(),
        [VerifiedAttributeType::Email]
    );
    let client_id = client_of(&admin, &pool_id).await;
    let cognito = admin.clone(); // public operations ignore the signature

    // Only an email can be the username.
    let error = cognito
        .sign_up()
        .client_id(&client_id)
        .username("ada")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");

    let signed_up = cognito
        .sign_up()
        .client_id(&client_id)
        .username("Ada@Example.com")
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    let sub = signed_up.user_sub().to_string();
    assert_eq!(
        signed_up.code_delivery_details().unwrap().destination(),
        Some("A***@E***")
    );
    // The same email in another case is the same user.
    let again = cognito
        .sign_up()
        .client_id(&client_id)
        .username("ada@example.com")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&again), "UsernameExistsException");

    // The code email greets and links by the email, not the generated username.
    let message = app.emails_to("Ada@Example.com").pop().unwrap();
    assert!(message.contains("Hello Ada@Example.com"), "{message}");
    assert!(!message.contains(&sub), "{message}");
    cognito
        .confirm_sign_up()
        .client_id(&client_id)
        .username("ada@example.com")
        .confirmation_code(app.last_code_for("Ada@Example.com"))
        .send()
        .await
        .unwrap();

    // Signed in by the email in any case; the username Cognito shows is the sub.
    let access = sign_in(&cognito, &client_id, "ADA@example.com", PASSWORD)
        .await
        .unwrap();
    assert_eq!(claims(&access)["username"], sub.as_str());
    let me = cognito
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.username(), sub);
    assert_eq!(
        attribute(me.user_attributes(), "email"),
        Some("Ada@Example.com")
    );
    assert_eq!(
        attribute(me.user_attributes(), "email_verified"),
        Some("true")
    );
    // An administrator finds the user by email too.
    let found = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("ada@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(found.username(), sub);

    // SRP signs in by the email, with the sub as USER_ID_FOR_SRP.
    let (answer, used) =
        srp_sign_in_to(&app, (&pool_id, &client_id), "ada@example.com", PASSWORD).await;
    assert!(answer.unwrap().authentication_result().is_some());
    assert_eq!(used["USERNAME"], sub);
    let (wrong, _) =
        srp_sign_in_to(&app, (&pool_id, &client_id), "ada@example.com", "Wr0ng!pw").await;
    assert_eq!(wrong.unwrap_err(), "NotAuthorizedException");

    // The email is the username: it cannot be deleted.
    let error = cognito
        .delete_user_attributes()
        .access_token(&access)
        .user_attribute_names("email")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");

    // AdminCreateUser takes the email as the username as well, and refuses a taken one.
    let created = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("grace@example.com")
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    let grace = created.user().unwrap();
    assert_ne!(grace.username(), Some("grace@example.com"));
    assert_eq!(
        attribute(grace.attributes(), "email"),
        Some("grace@example.com")
    );
    let taken = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("ADA@example.com")
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&taken), "UsernameExistsException");
}

#[tokio::test]
async fn without_alias_or_auto_verification_an_administrator_confirms_and_only_the_username_signs_in()
 {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = admin
        .create_user_pool()
        .pool_name("Plain")
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let pool = described(&admin, &pool_id).await;
    assert!(pool.username_attributes().is_empty());
    assert!(pool.alias_attributes().is_empty());
    assert!(pool.auto_verified_attributes().is_empty());
    let client_id = client_of(&admin, &pool_id).await;
    let cognito = admin.clone();

    // No code is sent: nothing to deliver, nothing in the outbox.
    let signed_up = cognito
        .sign_up()
        .client_id(&client_id)
        .username("jane")
        .password(PASSWORD)
        .user_attributes(email("jane@example.com"))
        .send()
        .await
        .unwrap();
    assert!(!signed_up.user_confirmed());
    assert!(signed_up.code_delivery_details().is_none());
    assert!(app.emails_to("jane@example.com").is_empty());
    let resend = cognito
        .resend_confirmation_code()
        .client_id(&client_id)
        .username("jane")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&resend), "InvalidParameterException");
    assert_eq!(
        sign_in(&cognito, &client_id, "jane", PASSWORD).await,
        Err("UserNotConfirmedException".into())
    );

    // An administrator confirms; the username signs in, the email (no alias) does not.
    admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let access = sign_in(&cognito, &client_id, "jane", PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        sign_in(&cognito, &client_id, "jane@example.com", PASSWORD).await,
        Err("NotAuthorizedException".into())
    );
    // Even once verified (by an administrator), the email is no alias here.
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("jane")
        .user_attributes(
            AttributeType::builder()
                .name("email_verified")
                .value("true")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        sign_in(&cognito, &client_id, "jane@example.com", PASSWORD).await,
        Err("NotAuthorizedException".into())
    );

    // Without an email alias a username may look like an email, and two users may share
    // an email.
    cognito
        .sign_up()
        .client_id(&client_id)
        .username("jane@example.com")
        .password(PASSWORD)
        .user_attributes(email("jane@example.com"))
        .send()
        .await
        .unwrap();

    // A changed email is unverified and, without auto-verification, no code goes out.
    let changed = cognito
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(email("jane@example.org"))
        .send()
        .await
        .unwrap();
    assert!(changed.code_delivery_details_list().is_empty());
    assert!(app.emails_to("jane@example.org").is_empty());

    // UpdateUserPool may turn auto-verification on; the sign-in attributes stay as created.
    admin
        .update_user_pool()
        .user_pool_id(&pool_id)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap();
    let pool = described(&admin, &pool_id).await;
    assert_eq!(
        pool.auto_verified_attributes(),
        [VerifiedAttributeType::Email]
    );
    assert!(pool.alias_attributes().is_empty());
    let signed_up = cognito
        .sign_up()
        .client_id(&client_id)
        .username("bob")
        .password(PASSWORD)
        .user_attributes(email("bob@example.com"))
        .send()
        .await
        .unwrap();
    assert!(signed_up.code_delivery_details().is_some());
    cognito
        .confirm_sign_up()
        .client_id(&client_id)
        .username("bob")
        .confirmation_code(app.last_code_for("bob@example.com"))
        .send()
        .await
        .unwrap();
    sign_in(&cognito, &client_id, "bob", PASSWORD)
        .await
        .unwrap();
}
