//! Cognito API fidelity: what existing Cognito code, run unchanged, expects of a user pool
//! made through the API (AWS SDK for Rust).

use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, AttributeType, AuthFlowType, CustomDomainConfigType, ExplicitAuthFlowsType,
    NumberAttributeConstraintsType, SchemaAttributeType, StringAttributeConstraintsType,
    VerifiedAttributeType,
};

use crate::cognito_admin::admin;
use crate::cognito_public::cognito;
use crate::cognito_sign_in_attributes::{attribute as attribute_value, sign_in};
use crate::cognito_users::attribute;
use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// A pool made with `configure`'s CreateUserPool members, and a client of it allowed the
/// password flow; their ids.
async fn pool_and_client(
    app: &TestApp,
    configure: impl FnOnce(
        aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
    ) -> aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
) -> (String, String) {
    let admin = admin(app);
    let created = configure(admin.create_user_pool().pool_name("made by the SDK"))
        .send()
        .await
        .unwrap();
    let pool_id = created.user_pool().unwrap().id().unwrap().to_string();
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("app")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .unwrap();
    let client_id = client
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    (pool_id, client_id)
}

#[tokio::test]
async fn a_pool_made_without_a_schema_requires_no_attribute() {
    let app = spawn_app().await;
    let (pool_id, client_id) = pool_and_client(&app, |pool| {
        pool.auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let signed_up = cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("no-email")
        .password(PASSWORD)
        .send()
        .await
        .expect("no attribute is required");
    assert!(!signed_up.user_confirmed());
    assert!(
        signed_up.code_delivery_details().is_none(),
        "no email, no code: an administrator confirms"
    );
    // UpdateUserPool leaves the schema as it was made.
    admin(&app)
        .update_user_pool()
        .user_pool_id(&pool_id)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap();
    cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("still-no-email")
        .password(PASSWORD)
        .send()
        .await
        .expect("still no attribute is required after UpdateUserPool");
}

#[tokio::test]
async fn a_required_schema_attribute_is_required_and_a_weak_password_is_said_first() {
    let app = spawn_app().await;
    let (_, client_id) = pool_and_client(&app, |pool| {
        pool.schema(
            SchemaAttributeType::builder()
                .name("email")
                .required(true)
                .build(),
        )
    })
    .await;
    let sign_up = |password: &'static str, attributes: Vec<AttributeType>| {
        let (client, client_id) = (cognito(&app), client_id.clone());
        async move {
            client
                .sign_up()
                .client_id(client_id)
                .username("ann")
                .password(password)
                .set_user_attributes(Some(attributes))
                .send()
                .await
                .map(|_| ())
                .map_err(|error| {
                    let error = error.into_service_error();
                    (
                        error.meta().code().unwrap_or_default().to_string(),
                        error.meta().message().unwrap_or_default().to_string(),
                    )
                })
        }
    };
    let (code, message) = sign_up(PASSWORD, vec![]).await.unwrap_err();
    assert_eq!(code, "InvalidParameterException");
    assert_eq!(
        message,
        "Attributes did not conform to the schema: email: The attribute is required"
    );
    let (code, _) = sign_up("weak", vec![]).await.unwrap_err();
    assert_eq!(code, "InvalidPasswordException", "the password first");
    sign_up(PASSWORD, vec![attribute("email", "ann@example.com")])
        .await
        .expect("with the email");
}

#[tokio::test]
async fn legacy_explicit_auth_flow_names_sign_in_as_cognito_lets_them() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str();
    let legacy = admin
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("legacy")
        .explicit_auth_flows(ExplicitAuthFlowsType::UserPasswordAuth)
        .send()
        .await
        .unwrap();
    let legacy = legacy.user_pool_client().unwrap();
    assert_eq!(
        legacy.explicit_auth_flows(),
        &[ExplicitAuthFlowsType::UserPasswordAuth],
        "read back as given"
    );
    let client_id = legacy.client_id().unwrap();
    app.confirmed_user("lee").await;
    let signed_in = cognito(&app)
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "lee")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .expect("USER_PASSWORD_AUTH allows the password flow");
    let refresh = signed_in
        .authentication_result()
        .unwrap()
        .refresh_token()
        .unwrap();
    cognito(&app)
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", refresh)
        .send()
        .await
        .expect("legacy clients refresh");
    let error = admin
        .admin_initiate_auth()
        .user_pool_id(pool_id)
        .client_id(client_id)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", "lee")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));

    let admin_only = admin
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("legacy admin")
        .explicit_auth_flows(ExplicitAuthFlowsType::AdminNoSrpAuth)
        .send()
        .await
        .unwrap();
    admin
        .admin_initiate_auth()
        .user_pool_id(pool_id)
        .client_id(admin_only.user_pool_client().unwrap().client_id().unwrap())
        .auth_flow(AuthFlowType::AdminNoSrpAuth)
        .auth_parameters("USERNAME", "lee")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .expect("ADMIN_NO_SRP_AUTH allows the administrator's password flow");

    let error = admin
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("mixed")
        .explicit_auth_flows(ExplicitAuthFlowsType::UserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));
}

#[tokio::test]
async fn update_group_changes_what_it_names_and_a_bad_filter_gets_cognitos_words() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str();
    admin
        .create_group()
        .user_pool_id(pool_id)
        .group_name("editors")
        .description("they edit")
        .precedence(2)
        .send()
        .await
        .unwrap();
    let updated = admin
        .update_group()
        .user_pool_id(pool_id)
        .group_name("editors")
        .precedence(1)
        .role_arn("arn:aws:iam::000000000000:role/Editors")
        .send()
        .await
        .unwrap();
    let group = updated.group().unwrap();
    assert_eq!(group.precedence(), Some(1));
    assert_eq!(group.description(), Some("they edit"), "left out, kept");
    let read = admin
        .get_group()
        .user_pool_id(pool_id)
        .group_name("editors")
        .send()
        .await
        .unwrap();
    assert_eq!(
        read.group().unwrap().role_arn(),
        Some("arn:aws:iam::000000000000:role/Editors")
    );
    let missing = admin
        .update_group()
        .user_pool_id(pool_id)
        .group_name("nobody")
        .description("x")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(missing.meta().code(), Some("ResourceNotFoundException"));
    let negative = admin
        .update_group()
        .user_pool_id(pool_id)
        .group_name("editors")
        .precedence(-1)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(negative.meta().code(), Some("InvalidParameterException"));

    let error = admin
        .list_users()
        .user_pool_id(pool_id)
        .filter("email = unquoted")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));
    assert_eq!(error.meta().message(), Some("Error while parsing filter."));
}

#[tokio::test]
async fn admin_create_user_with_resend_sends_a_new_temporary_password() {
    use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, MessageActionType};
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str();
    let create = |action: Option<MessageActionType>| {
        admin
            .admin_create_user()
            .user_pool_id(pool_id)
            .username("rae")
            .user_attributes(attribute("email", "rae@example.com"))
            .set_message_action(action)
            .send()
    };
    let temporary = |nth: usize| {
        let messages = app.emails_to("rae@example.com");
        let message = &messages[nth];
        message
            .split("temporary password is ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("the temporary password")
            .to_string()
    };
    create(None).await.unwrap();
    let error = create(None).await.unwrap_err().into_service_error();
    assert_eq!(error.meta().code(), Some("UsernameExistsException"));
    create(Some(MessageActionType::Resend)).await.unwrap();
    assert_eq!(app.emails_to("rae@example.com").len(), 2, "invited again");
    let (first, second) = (temporary(0), temporary(1));
    assert_ne!(first, second);
    let sign_in = |password: String| {
        admin
            .admin_initiate_auth()
            .user_pool_id(pool_id)
            .client_id(app.client_id())
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", "rae")
            .auth_parameters("PASSWORD", password)
            .send()
    };
    let error = sign_in(first).await.unwrap_err().into_service_error();
    assert_eq!(
        error.meta().code(),
        Some("NotAuthorizedException"),
        "the old one is gone"
    );
    let challenge = sign_in(second).await.unwrap();
    assert_eq!(
        challenge.challenge_name().map(|c| c.as_str()),
        Some("NEW_PASSWORD_REQUIRED")
    );

    // Once the user has a password of their own there is nothing to resend.
    admin
        .admin_set_user_password()
        .user_pool_id(pool_id)
        .username("rae")
        .password(PASSWORD)
        .permanent(true)
        .send()
        .await
        .unwrap();
    let error = create(Some(MessageActionType::Resend))
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("UnsupportedUserStateException"));
    let error = admin
        .admin_create_user()
        .user_pool_id(pool_id)
        .username("nobody")
        .message_action(MessageActionType::Resend)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("UserNotFoundException"));
}

#[tokio::test]
async fn pool_settings_sdk_code_reads_back_are_kept_and_honoured() {
    use aws_sdk_cognitoidentityprovider::types::{
        AccountRecoverySettingType, AdminCreateUserConfigType, DeletionProtectionType,
        RecoveryOptionNameType, RecoveryOptionType, VerificationMessageTemplateType,
    };
    let app = spawn_app().await;
    let admin = admin(&app);
    let (pool_id, client_id) = pool_and_client(&app, |pool| {
        pool.auto_verified_attributes(VerifiedAttributeType::Email)
            .admin_create_user_config(
                AdminCreateUserConfigType::builder()
                    .allow_admin_create_user_only(true)
                    .build(),
            )
            .account_recovery_setting(
                AccountRecoverySettingType::builder()
                    .recovery_mechanisms(
                        RecoveryOptionType::builder()
                            .name(RecoveryOptionNameType::AdminOnly)
                            .priority(1)
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .deletion_protection(DeletionProtectionType::Active)
            .verification_message_template(
                VerificationMessageTemplateType::builder()
                    .email_subject("Welcome to Acme")
                    .email_message("Your Acme code: {####}")
                    .build(),
            )
            .user_pool_tags("team", "identity")
    })
    .await;
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let read = described.user_pool().unwrap();
    assert!(
        read.admin_create_user_config()
            .unwrap()
            .allow_admin_create_user_only()
    );
    assert_eq!(
        read.account_recovery_setting()
            .unwrap()
            .recovery_mechanisms()[0]
            .name(),
        &RecoveryOptionNameType::AdminOnly
    );
    assert_eq!(
        read.deletion_protection(),
        Some(&DeletionProtectionType::Active)
    );
    let template = read.verification_message_template().unwrap();
    assert_eq!(template.email_subject(), Some("Welcome to Acme"));
    assert_eq!(
        read.email_verification_message(),
        Some("Your Acme code: {####}")
    );
    assert_eq!(
        read.user_pool_tags()
            .unwrap()
            .get("team")
            .map(String::as_str),
        Some("identity")
    );
    assert_eq!(read.estimated_number_of_users(), 0);

    // Honoured: no self sign-up, no self reset, no deletion.
    let error = cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("walk-in")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("NotAuthorizedException"));
    admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("ivy")
        .user_attributes(attribute("email", "ivy@example.com"))
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool().unwrap().estimated_number_of_users(),
        1
    );
    let error = cognito(&app)
        .forgot_password()
        .client_id(&client_id)
        .username("ivy")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("NotAuthorizedException"));
    let error = admin
        .delete_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));

    // UpdateUserPool resets what it leaves out, as Cognito's does: self sign-up again, and
    // the code email in the pool's own words.
    admin
        .update_user_pool()
        .user_pool_id(&pool_id)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .email_verification_subject("Acme again")
        .email_verification_message("Code {####} for Acme")
        .send()
        .await
        .unwrap();
    cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("joe")
        .password(PASSWORD)
        .user_attributes(attribute("email", "joe@example.com"))
        .send()
        .await
        .unwrap();
    let message = app.emails_to("joe@example.com").pop().unwrap();
    assert!(message.contains("Subject: Acme again"), "{message}");
    let code: String = message
        .split("Code ")
        .nth(1)
        .map(|rest| rest.chars().take(6).collect())
        .unwrap_or_default();
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{message}"
    );
    assert!(
        message.contains(&format!("Code {code} for Acme")),
        "{message}"
    );
    admin
        .delete_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .expect("protection is off once UpdateUserPool leaves it out");

    // A template without the code's place, or a subject that would add a header, is refused.
    let error = admin
        .create_user_pool()
        .pool_name("no code")
        .email_verification_message("no placeholder here")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));
    let error = admin
        .create_user_pool()
        .pool_name("two lines")
        .email_verification_subject("Hi\r\nBcc: someone@example.com")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));
}

#[tokio::test]
async fn the_invitation_is_in_the_pools_words_and_its_password_lasts_the_pools_days() {
    use aws_sdk_cognitoidentityprovider::types::{
        AdminCreateUserConfigType, AuthFlowType, ExplicitAuthFlowsType, MessageTemplateType,
        PasswordPolicyType, UserPoolPolicyType,
    };
    let app = spawn_app().await;
    let admin = admin(&app);
    let created = admin
        .create_user_pool()
        .pool_name("invites")
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(
                    PasswordPolicyType::builder()
                        .minimum_length(8)
                        .temporary_password_validity_days(1)
                        .build(),
                )
                .build(),
        )
        .admin_create_user_config(
            AdminCreateUserConfigType::builder()
                .invite_message_template(
                    MessageTemplateType::builder()
                        .email_subject("Join Acme")
                        .email_message("Hi {username}, your first password is {####} today.")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let pool = created.user_pool().unwrap();
    let pool_id = pool.id().unwrap().to_string();
    assert_eq!(
        pool.policies()
            .unwrap()
            .password_policy()
            .unwrap()
            .temporary_password_validity_days(),
        1
    );
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("admin app")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .send()
        .await
        .unwrap();
    let client_id = client
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("kim")
        .user_attributes(attribute("email", "kim@example.com"))
        .send()
        .await
        .unwrap();
    let message = app.emails_to("kim@example.com").pop().unwrap();
    assert!(message.contains("Subject: Join Acme"), "{message}");
    let password = message
        .split("your first password is ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the password in the pool's words")
        .to_string();
    assert!(message.contains("Hi kim,"), "{message}");
    let sign_in = || {
        admin
            .admin_initiate_auth()
            .user_pool_id(&pool_id)
            .client_id(&client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", "kim")
            .auth_parameters("PASSWORD", &password)
            .send()
    };
    let challenge = sign_in().await.unwrap();
    assert_eq!(
        challenge.challenge_name().map(|c| c.as_str()),
        Some("NEW_PASSWORD_REQUIRED")
    );
    app.clock.advance(86_400);
    let error = sign_in().await.unwrap_err().into_service_error();
    assert_eq!(error.meta().code(), Some("NotAuthorizedException"));
    assert!(
        error
            .meta()
            .message()
            .unwrap()
            .contains("Temporary password has expired"),
        "after the pool's one day"
    );

    let error = admin
        .create_user_pool()
        .pool_name("no username")
        .admin_create_user_config(
            AdminCreateUserConfigType::builder()
                .invite_message_template(
                    MessageTemplateType::builder()
                        .email_message("Your password is {####}")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));
}

#[tokio::test]
async fn lambda_config_is_kept_and_read_back() {
    use aws_sdk_cognitoidentityprovider::types::{
        CustomEmailLambdaVersionConfigType, CustomEmailSenderLambdaVersionType, LambdaConfigType,
    };
    let app = spawn_app().await;
    let admin = admin(&app);
    let arn = "arn:aws:lambda:local:000000000000:function:pre-sign-up";
    let created = admin
        .create_user_pool()
        .pool_name("triggers")
        .lambda_config(
            LambdaConfigType::builder()
                .pre_sign_up(arn)
                .custom_email_sender(
                    CustomEmailLambdaVersionConfigType::builder()
                        .lambda_version(CustomEmailSenderLambdaVersionType::V10)
                        .lambda_arn("arn:aws:lambda:local:000000000000:function:mailer")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let pool_id = created.user_pool().unwrap().id().unwrap().to_string();
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let config = described.user_pool().unwrap().lambda_config().unwrap();
    assert_eq!(config.pre_sign_up(), Some(arn));
    assert_eq!(
        config.custom_email_sender().unwrap().lambda_arn(),
        "arn:aws:lambda:local:000000000000:function:mailer"
    );

    let error = admin
        .create_user_pool()
        .pool_name("bad trigger")
        .lambda_config(
            LambdaConfigType::builder()
                .post_confirmation("not-an-arn")
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.meta().code(), Some("InvalidParameterException"));
}

/// The exception name and message of a refused call.
fn refusal<T: std::fmt::Debug, E, R>(
    result: Result<T, aws_sdk_cognitoidentityprovider::error::SdkError<E, R>>,
) -> (String, String)
where
    E: aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata + std::fmt::Debug,
    R: std::fmt::Debug,
{
    use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
    let error = result.expect_err("refused");
    (
        error.code().unwrap_or_default().to_string(),
        error.message().unwrap_or_default().to_string(),
    )
}

fn custom(
    name: &str,
    data_type: &str,
) -> aws_sdk_cognitoidentityprovider::types::builders::SchemaAttributeTypeBuilder {
    SchemaAttributeType::builder()
        .name(name)
        .attribute_data_type(AttributeDataType::from(data_type))
}

fn lengths(min: &str, max: &str) -> StringAttributeConstraintsType {
    StringAttributeConstraintsType::builder()
        .min_length(min)
        .max_length(max)
        .build()
}

/// A schema with one attribute of each kind: a required standard one, an immutable one, and
/// custom ones of every type with constraints, and a developer-only one.
fn team_schema() -> Vec<SchemaAttributeType> {
    vec![
        SchemaAttributeType::builder()
            .name("email")
            .required(true)
            .build(),
        SchemaAttributeType::builder()
            .name("name")
            .mutable(false)
            .build(),
        custom("team", "String")
            .string_attribute_constraints(lengths("2", "4"))
            .build(),
        custom("age", "Number")
            .number_attribute_constraints(
                NumberAttributeConstraintsType::builder()
                    .min_value("18")
                    .max_value("130")
                    .build(),
            )
            .build(),
        custom("member", "Boolean").build(),
        custom("joined", "DateTime").mutable(false).build(),
        custom("secret", "String")
            .developer_only_attribute(true)
            .build(),
    ]
}

#[tokio::test]
async fn a_schema_is_made_read_back_and_added_to() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let created = admin
        .create_user_pool()
        .pool_name("schema")
        .set_schema(Some(team_schema()))
        .send()
        .await
        .unwrap();
    let pool_id = created.user_pool().unwrap().id().unwrap().to_string();
    let listed = |pool: &aws_sdk_cognitoidentityprovider::types::UserPoolType| {
        pool.schema_attributes()
            .iter()
            .map(|a| (a.name().unwrap_or_default().to_string(), a.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let schema = listed(described.user_pool().unwrap());
    assert_eq!(schema, listed(created.user_pool().unwrap()), "one answer");
    for standard in ["sub", "email", "phone_number", "birthdate", "updated_at"] {
        assert!(schema.contains_key(standard), "{standard} is listed");
    }
    assert_eq!(schema["sub"].required(), Some(true));
    assert_eq!(schema["email"].required(), Some(true));
    assert_eq!(schema["phone_number"].required(), Some(false));
    assert_eq!(schema["name"].mutable(), Some(false));
    assert_eq!(
        schema["email_verified"].attribute_data_type(),
        Some(&AttributeDataType::Boolean)
    );
    let birthdate = schema["birthdate"].string_attribute_constraints().unwrap();
    assert_eq!(
        (birthdate.min_length(), birthdate.max_length()),
        (Some("10"), Some("10"))
    );
    let team = schema["custom:team"]
        .string_attribute_constraints()
        .unwrap();
    assert_eq!(
        (team.min_length(), team.max_length()),
        (Some("2"), Some("4"))
    );
    let age = schema["custom:age"].number_attribute_constraints().unwrap();
    assert_eq!(
        (age.min_value(), age.max_value()),
        (Some("18"), Some("130"))
    );
    assert_eq!(
        schema["custom:member"].attribute_data_type(),
        Some(&AttributeDataType::Boolean)
    );
    assert_eq!(schema["custom:joined"].mutable(), Some(false));
    assert_eq!(
        schema["dev:custom:secret"].developer_only_attribute(),
        Some(true)
    );

    admin
        .add_custom_attributes()
        .user_pool_id(&pool_id)
        .custom_attributes(custom("level", "Number").build())
        .send()
        .await
        .unwrap();
    let (code, message) = refusal(
        admin
            .add_custom_attributes()
            .user_pool_id(&pool_id)
            .custom_attributes(custom("team", "String").build())
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterException");
    assert_eq!(message, "Existing attribute already has name custom:team.");
    // UpdateUserPool leaves the schema as it is.
    admin
        .update_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let schema = listed(described.user_pool().unwrap());
    assert_eq!(
        schema["custom:level"].attribute_data_type(),
        Some(&AttributeDataType::Number)
    );
    assert!(schema.contains_key("custom:team"));
    assert_eq!(schema["email"].required(), Some(true));
}

#[tokio::test]
async fn a_bad_schema_gets_cognitos_words() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let cases: Vec<(SchemaAttributeType, &str)> = vec![
        (
            custom("team", "Text").build(),
            "Validation error detected: Value 'Text' failed to satisfy constraint: Member must \
             satisfy enum value set: [Boolean, Number, String, DateTime]",
        ),
        (
            SchemaAttributeType::builder().name("team").build(),
            "Invalid AttributeDataType input, consider using the provided AttributeDataType \
             enum.",
        ),
        (
            custom("team", "String").required(true).build(),
            "Required custom attributes are not supported currently.",
        ),
        (
            custom("email", "Number").build(),
            "You can not change AttributeDataType or set developerOnlyAttribute for standard \
             schema attribute email",
        ),
        (
            custom("team", "String")
                .string_attribute_constraints(lengths("0", "2049"))
                .build(),
            "user.custom:team: String attributes cannot have a length of more than 2048",
        ),
        (
            custom("team", "String")
                .string_attribute_constraints(lengths("5", "4"))
                .build(),
            "user.custom:team: Max length cannot be less than min length.",
        ),
        (
            custom("age", "Number")
                .number_attribute_constraints(
                    NumberAttributeConstraintsType::builder()
                        .min_value("ten")
                        .build(),
                )
                .build(),
            "Invalid NumberAttributeConstraints for schema attribute custom:age",
        ),
    ];
    for (entry, expected) in cases {
        let (code, message) = refusal(
            admin
                .create_user_pool()
                .pool_name("bad schema")
                .schema(entry)
                .send()
                .await,
        );
        assert_eq!(code, "InvalidParameterException");
        assert_eq!(message, expected);
    }
    let pools = admin
        .list_user_pools()
        .max_results(60)
        .send()
        .await
        .unwrap();
    assert!(
        pools
            .user_pools()
            .iter()
            .all(|pool| pool.name() != Some("bad schema")),
        "no pool was made"
    );
}

#[tokio::test]
async fn values_meet_the_schema_in_every_door_that_writes_them() {
    let app = spawn_app().await;
    let (pool_id, client_id) =
        pool_and_client(&app, |pool| pool.set_schema(Some(team_schema()))).await;
    let sign_up = |name: &str, attributes: Vec<AttributeType>| {
        cognito(&app)
            .sign_up()
            .client_id(&client_id)
            .username(name)
            .password(PASSWORD)
            .set_user_attributes(Some(
                std::iter::once(attribute("email", &format!("{name}@example.com")))
                    .chain(attributes)
                    .collect(),
            ))
            .send()
    };
    let refused = [
        (
            attribute("custom:team", "green"),
            "custom:team: String must be no longer than 4 characters",
        ),
        (
            attribute("custom:team", "g"),
            "custom:team: String must be no shorter than 2 characters",
        ),
        (
            attribute("custom:age", "17"),
            "custom:age: Number must be no less than 18",
        ),
        (
            attribute("custom:age", "forty"),
            "custom:age: Number must be",
        ),
        (
            attribute("custom:member", "yes"),
            "custom:member: Boolean must be true or false",
        ),
        (
            attribute("custom:joined", "yesterday"),
            "custom:joined: DateTime",
        ),
        (
            attribute("custom:undeclared", "x"),
            "Attribute does not exist in the schema: custom:undeclared",
        ),
        (attribute("dev:custom:secret", "x"), "developer-only"),
        (
            attribute("phone_number", "555-0100"),
            "Invalid phone number format.",
        ),
    ];
    for (given, expected) in refused {
        let (code, message) = refusal(sign_up("ann", vec![given.clone()]).await);
        assert_eq!(code, "InvalidParameterException", "{given:?}");
        assert!(message.contains(expected), "{given:?}: {message}");
    }
    sign_up(
        "ann",
        vec![
            attribute("custom:team", "blue"),
            attribute("custom:age", "42"),
            attribute("custom:member", "true"),
            attribute("custom:joined", "2026-11-30T12:00:00Z"),
            attribute("name", "Ann"),
            attribute("phone_number", "+15555550100"),
        ],
    )
    .await
    .expect("values that fit");

    // An administrator writes the developer-only attribute; values are checked there too.
    let admin = admin(&app);
    let (code, message) = refusal(
        admin
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username("bob")
            .user_attributes(attribute("email", "bob@example.com"))
            .user_attributes(attribute("custom:age", "200"))
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterException");
    assert!(message.contains("custom:age: Number must be no greater than 130"));
    let (_, message) = refusal(
        admin
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username("bob")
            .user_attributes(attribute("custom:team", "red"))
            .send()
            .await,
    );
    assert_eq!(
        message, "Attributes did not conform to the schema: email: The attribute is required",
        "AdminCreateUser meets the required attributes too"
    );
    admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("bob")
        .user_attributes(attribute("email", "bob@example.com"))
        .user_attributes(attribute("dev:custom:secret", "s3"))
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();

    // Updates: an immutable attribute stays as it was set; a mutable one takes a value that
    // fits; the user cannot write the developer-only one, an administrator can.
    admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("ann")
        .send()
        .await
        .unwrap();
    let token = sign_in(&cognito(&app), &client_id, "ann", PASSWORD)
        .await
        .unwrap();
    let update = |attributes: Vec<AttributeType>| {
        cognito(&app)
            .update_user_attributes()
            .access_token(&token)
            .set_user_attributes(Some(attributes))
            .send()
    };
    for (given, expected) in [
        (attribute("name", "Anne"), "non-mutable attribute name"),
        (attribute("custom:joined", "2026-12-01"), "non-mutable"),
        (attribute("dev:custom:secret", "x"), "developer-only"),
        (attribute("custom:member", "maybe"), "Boolean"),
    ] {
        let (code, message) = refusal(update(vec![given.clone()]).await);
        assert_eq!(code, "InvalidParameterException", "{given:?}");
        assert!(message.contains(expected), "{given:?}: {message}");
    }
    update(vec![attribute("custom:team", "red")]).await.unwrap();
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("ann")
        .user_attributes(attribute("dev:custom:secret", "kept"))
        .send()
        .await
        .unwrap();
    let (_, message) = refusal(
        admin
            .admin_update_user_attributes()
            .user_pool_id(&pool_id)
            .username("ann")
            .user_attributes(attribute("custom:age", "17"))
            .send()
            .await,
    );
    assert!(message.contains("no less than 18"), "{message}");
    let user = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("ann")
        .send()
        .await
        .unwrap();
    let value = |name: &str| attribute_value(user.user_attributes(), name).map(String::from);
    assert_eq!(value("custom:team").as_deref(), Some("red"));
    assert_eq!(
        value("custom:age").as_deref(),
        Some("42"),
        "the refused 17 left it"
    );
    assert_eq!(value("name").as_deref(), Some("Ann"));
    assert_eq!(value("dev:custom:secret").as_deref(), Some("kept"));
}

#[tokio::test]
async fn domains_are_made_read_back_and_serve_their_pool_only() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.to_string();
    let (other_pool, other_client) = pool_and_client(&app, |pool| pool).await;
    let certificate = "arn:aws:acm:us-east-1:000000000000:certificate/first";

    let prefix = admin
        .create_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("my-app")
        .send()
        .await
        .unwrap();
    assert_eq!(prefix.managed_login_version(), Some(1));
    let custom = admin
        .create_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("auth.example.test")
        .custom_domain_config(
            CustomDomainConfigType::builder()
                .certificate_arn(certificate)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        custom.cloud_front_domain(),
        Some("127.0.0.1"),
        "Cognate's own host"
    );

    for (pool, domain, expected) in [
        (
            pool_id.as_str(),
            "second",
            format!("User pool {pool_id} already has a domain configured."),
        ),
        (
            other_pool.as_str(),
            "my-app",
            "Domain already associated with another user pool.".to_string(),
        ),
        (
            other_pool.as_str(),
            "my-cognito-app",
            "Domain cannot contain reserved word: cognito".to_string(),
        ),
    ] {
        let (code, message) = refusal(
            admin
                .create_user_pool_domain()
                .user_pool_id(pool)
                .domain(domain)
                .send()
                .await,
        );
        assert_eq!(code, "InvalidParameterException", "{domain}");
        assert_eq!(message, expected);
    }
    let (code, _) = refusal(
        admin
            .create_user_pool_domain()
            .user_pool_id(&other_pool)
            .domain("My-App")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterException", "lowercase only");

    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let described = described.user_pool().unwrap();
    assert_eq!(described.domain(), Some("my-app"));
    assert_eq!(described.custom_domain(), Some("auth.example.test"));

    admin
        .update_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("auth.example.test")
        .custom_domain_config(
            CustomDomainConfigType::builder()
                .certificate_arn("arn:aws:acm:us-east-1:000000000000:certificate/renewed")
                .build()
                .unwrap(),
        )
        .managed_login_version(2)
        .send()
        .await
        .unwrap();
    let description = admin
        .describe_user_pool_domain()
        .domain("auth.example.test")
        .send()
        .await
        .unwrap();
    let description = description.domain_description().unwrap();
    assert_eq!(description.user_pool_id(), Some(pool_id.as_str()));
    assert_eq!(
        description.status(),
        Some(&aws_sdk_cognitoidentityprovider::types::DomainStatusType::Active)
    );
    assert_eq!(
        description
            .custom_domain_config()
            .map(|c| c.certificate_arn()),
        Some("arn:aws:acm:us-east-1:000000000000:certificate/renewed")
    );
    assert_eq!(description.managed_login_version(), Some(2));

    // Requests with the custom domain's Host are the pool's: its client's sign-in goes on,
    // another pool's client is refused there (and only there).
    let client = crate::oidc::oauth_client(&app, false).await;
    let on_domain = |path: String| {
        app.http
            .get(format!("{}{path}", app.address))
            .header("host", "auth.example.test")
            .send()
    };
    let authorize = format!(
        "/oauth2/authorize?client_id={}&response_type=code&scope=openid&redirect_uri={}\
         &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
        client.client_id().unwrap(),
        crate::oidc::CALLBACK
    );
    let answer = on_domain(authorize).await.unwrap();
    assert_eq!(answer.status(), 302);
    let to = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/login?"), "to the hosted sign-in: {to}");
    let page = on_domain(to).await.unwrap();
    assert_eq!(page.status(), 200);
    let foreign = on_domain(format!("/login?client_id={other_client}"))
        .await
        .unwrap();
    assert_eq!(foreign.status(), 400);
    assert!(
        foreign
            .text()
            .await
            .unwrap()
            .contains("serves another user pool")
    );
    let token = app
        .http
        .post(format!("{}/oauth2/token", app.address))
        .header("host", "auth.example.test")
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", other_client.as_str()),
            ("code", "whatever"),
        ])
        .send()
        .await
        .unwrap();
    let error: serde_json::Value = token.json().await.unwrap();
    assert_eq!(error["error"], "invalid_client");
    let elsewhere = app.get(&format!("/login?client_id={other_client}")).await;
    assert_eq!(
        elsewhere.status(),
        200,
        "Cognate's own host serves every pool"
    );

    // Deleted, the domain is gone from every answer and serves no pool.
    admin
        .delete_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("auth.example.test")
        .send()
        .await
        .unwrap();
    let gone = admin
        .describe_user_pool_domain()
        .domain("auth.example.test")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.domain_description().and_then(|d| d.domain()), None);
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.user_pool().unwrap().custom_domain(), None);
    assert_eq!(described.user_pool().unwrap().domain(), Some("my-app"));
    let freed = on_domain(format!("/login?client_id={other_client}"))
        .await
        .unwrap();
    assert_eq!(freed.status(), 200);
    let (code, _) = refusal(
        admin
            .delete_user_pool_domain()
            .user_pool_id(&other_pool)
            .domain("my-app")
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException", "another pool's domain");
}

#[tokio::test]
async fn the_pools_email_configuration_heads_its_emails() {
    use aws_sdk_cognitoidentityprovider::types::{EmailConfigurationType, EmailSendingAccountType};
    let app = spawn_app().await;
    let configuration = EmailConfigurationType::builder()
        .from("Acme Accounts <no-reply@acme.test>")
        .reply_to_email_address("help@acme.test")
        .email_sending_account(EmailSendingAccountType::Developer)
        .source_arn("arn:aws:ses:us-east-1:000000000000:identity/acme.test")
        .build();
    let (pool_id, client_id) = pool_and_client(&app, |pool| {
        pool.auto_verified_attributes(VerifiedAttributeType::Email)
            .email_configuration(configuration.clone())
    })
    .await;
    let described = admin(&app)
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool().unwrap().email_configuration(),
        Some(&configuration),
        "read back as given"
    );
    cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("ann")
        .password(PASSWORD)
        .user_attributes(attribute("email", "ann@example.com"))
        .send()
        .await
        .unwrap();
    let message = app.emails_to("ann@example.com").pop().expect("a code");
    assert!(
        message.contains("From: \"Acme Accounts\" <no-reply@acme.test>")
            || message.contains("From: Acme Accounts <no-reply@acme.test>"),
        "{message}"
    );
    assert!(message.contains("Reply-To: help@acme.test"), "{message}");

    for bad in [
        EmailConfigurationType::builder()
            .from("not an address")
            .build(),
        EmailConfigurationType::builder()
            .reply_to_email_address("help")
            .build(),
        EmailConfigurationType::builder()
            .email_sending_account(EmailSendingAccountType::from("SES"))
            .build(),
    ] {
        let (code, _) = refusal(
            admin(&app)
                .update_user_pool()
                .user_pool_id(&pool_id)
                .email_configuration(bad.clone())
                .send()
                .await,
        );
        assert_eq!(code, "InvalidParameterException", "{bad:?}");
    }
}

#[tokio::test]
async fn a_clients_read_and_write_attributes_are_checked_and_honoured() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let created = admin
        .create_user_pool()
        .pool_name("schema")
        .set_schema(Some(team_schema()))
        .send()
        .await
        .unwrap();
    let pool_id = created.user_pool().unwrap().id().unwrap().to_string();
    for (read, write, expected) in [
        (
            "custom:undeclared",
            "email",
            "Invalid read attributes specified while creating a client",
        ),
        (
            "email",
            "email_verified",
            "Invalid write attributes specified while creating a client",
        ),
        (
            "email",
            "dev:custom:secret",
            "Invalid write attributes specified while creating a client",
        ),
    ] {
        let (code, message) = refusal(
            admin
                .create_user_pool_client()
                .user_pool_id(&pool_id)
                .client_name("narrow")
                .read_attributes(read)
                .write_attributes(write)
                .send()
                .await,
        );
        assert_eq!(code, "InvalidParameterException");
        assert_eq!(message, expected);
    }
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("narrow")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .read_attributes("email")
        .read_attributes("custom:team")
        .write_attributes("email")
        .write_attributes("custom:team")
        .send()
        .await
        .unwrap();
    let client = client.user_pool_client().unwrap();
    assert_eq!(client.read_attributes(), ["email", "custom:team"]);
    assert_eq!(client.write_attributes(), ["email", "custom:team"]);
    let client_id = client.client_id().unwrap().to_string();

    let sign_up = |attributes: Vec<AttributeType>| {
        cognito(&app)
            .sign_up()
            .client_id(&client_id)
            .username("ann")
            .password(PASSWORD)
            .set_user_attributes(Some(attributes))
            .send()
    };
    let (code, message) = refusal(
        sign_up(vec![
            attribute("email", "ann@example.com"),
            attribute("nickname", "Ann"),
        ])
        .await,
    );
    assert_eq!(code, "NotAuthorizedException");
    assert_eq!(
        message,
        "A client attempted to write unauthorized attribute"
    );
    sign_up(vec![
        attribute("email", "ann@example.com"),
        attribute("custom:team", "blue"),
    ])
    .await
    .unwrap();
    admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("ann")
        .send()
        .await
        .unwrap();
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("ann")
        .user_attributes(attribute("nickname", "Ann"))
        .send()
        .await
        .unwrap();
    let signed_in = cognito(&app)
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "ann")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    let result = signed_in.authentication_result().unwrap();
    let token = result.access_token().unwrap().to_string();
    let shown = cognito(&app)
        .get_user()
        .access_token(&token)
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = shown.user_attributes().iter().map(|a| a.name()).collect();
    assert!(
        names.contains(&"email") && names.contains(&"custom:team"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"name"),
        "the client does not read name: {names:?}"
    );
    let claims = crate::cognito_admin::claims(result.id_token().unwrap());
    assert_eq!(claims["custom:team"], "blue");
    assert!(claims.get("nickname").is_none(), "{claims}");
    let (code, _) = refusal(
        cognito(&app)
            .update_user_attributes()
            .access_token(&token)
            .user_attributes(attribute("nickname", "Anne"))
            .send()
            .await,
    );
    assert_eq!(code, "NotAuthorizedException");
}

#[tokio::test]
async fn a_new_email_waits_for_its_code_where_the_pool_says_so() {
    use aws_sdk_cognitoidentityprovider::types::UserAttributeUpdateSettingsType;
    let app = spawn_app().await;
    let waits = UserAttributeUpdateSettingsType::builder()
        .attributes_require_verification_before_update(VerifiedAttributeType::Email)
        .build();
    let (code, _) = refusal(
        admin(&app)
            .create_user_pool()
            .pool_name("waits without verifying")
            .user_attribute_update_settings(waits.clone())
            .send()
            .await,
    );
    assert_eq!(
        code, "InvalidParameterException",
        "only what is auto-verified"
    );
    let (pool_id, client_id) = pool_and_client(&app, |pool| {
        pool.auto_verified_attributes(VerifiedAttributeType::Email)
            .user_attribute_update_settings(waits.clone())
    })
    .await;
    let described = admin(&app)
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described
            .user_pool()
            .unwrap()
            .user_attribute_update_settings(),
        Some(&waits)
    );
    cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("ann")
        .password(PASSWORD)
        .user_attributes(attribute("email", "ann@old.example"))
        .send()
        .await
        .unwrap();
    let code = app.last_code_for("ann@old.example");
    cognito(&app)
        .confirm_sign_up()
        .client_id(&client_id)
        .username("ann")
        .confirmation_code(code)
        .send()
        .await
        .unwrap();
    let token = sign_in(&cognito(&app), &client_id, "ann", PASSWORD)
        .await
        .unwrap();
    let email_of = || async {
        let user = cognito(&app)
            .get_user()
            .access_token(&token)
            .send()
            .await
            .unwrap();
        let value = |name: &str| attribute_value(user.user_attributes(), name).map(String::from);
        (value("email"), value("email_verified"))
    };

    let changed = cognito(&app)
        .update_user_attributes()
        .access_token(&token)
        .user_attributes(attribute("email", "ann@new.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        changed.code_delivery_details_list()[0].destination(),
        Some("a***@n***"),
        "the code goes to the new address"
    );
    assert_eq!(
        email_of().await,
        (Some("ann@old.example".into()), Some("true".into())),
        "the old email stays until the new one is verified"
    );
    // Asking again sends the waiting address a new code; the first one is dead.
    let first = app.last_code_for("ann@new.example");
    cognito(&app)
        .get_user_attribute_verification_code()
        .access_token(&token)
        .attribute_name("email")
        .send()
        .await
        .unwrap();
    let second = app.last_code_for("ann@new.example");
    assert_eq!(app.emails_to("ann@new.example").len(), 2);
    if first != second {
        let (code, _) = refusal(
            cognito(&app)
                .verify_user_attribute()
                .access_token(&token)
                .attribute_name("email")
                .code(&first)
                .send()
                .await,
        );
        assert_eq!(code, "CodeMismatchException");
    }
    cognito(&app)
        .verify_user_attribute()
        .access_token(&token)
        .attribute_name("email")
        .code(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(
        email_of().await,
        (Some("ann@new.example".into()), Some("true".into()))
    );

    // Each change sends a code: the user's share of codes caps a flood of new addresses.
    let mut refused = None;
    for n in 0..12 {
        let answer = cognito(&app)
            .update_user_attributes()
            .access_token(&token)
            .user_attributes(attribute("email", &format!("flood{n}@example.com")))
            .send()
            .await;
        if answer.is_err() {
            refused = Some(refusal(answer).0);
            break;
        }
    }
    assert_eq!(refused.as_deref(), Some("LimitExceededException"));
    assert_eq!(
        email_of().await.0.as_deref(),
        Some("ann@new.example"),
        "no flooded address became the email"
    );
}

#[tokio::test]
async fn the_phone_number_signs_in_as_the_username_or_once_an_administrator_verifies_it() {
    use aws_sdk_cognitoidentityprovider::types::{AliasAttributeType, UsernameAttributeType};
    let app = spawn_app().await;
    let admin = admin(&app);
    let sign_in = |client_id: String, name: &str| {
        cognito(&app)
            .initiate_auth()
            .client_id(client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", name)
            .auth_parameters("PASSWORD", PASSWORD)
            .send()
    };

    // The phone number as the username.
    let (pool_id, client_id) = pool_and_client(&app, |pool| {
        pool.username_attributes(UsernameAttributeType::PhoneNumber)
    })
    .await;
    let (code, message) = refusal(
        cognito(&app)
            .sign_up()
            .client_id(&client_id)
            .username("ann")
            .password(PASSWORD)
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterException");
    assert_eq!(message, "Invalid phone number format.");
    let signed_up = cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("+15555550100")
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    assert!(
        signed_up.code_delivery_details().is_none(),
        "no SMS: an administrator confirms"
    );
    admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("+15555550100")
        .send()
        .await
        .unwrap();
    let signed_in = sign_in(client_id.clone(), "+15555550100").await.unwrap();
    let claims = crate::cognito_admin::claims(
        signed_in
            .authentication_result()
            .unwrap()
            .id_token()
            .unwrap(),
    );
    assert_eq!(claims["phone_number"], "+15555550100");
    assert_eq!(
        claims["cognito:username"], claims["sub"],
        "the stored username is the sub"
    );
    let (code, message) = refusal(
        cognito(&app)
            .sign_up()
            .client_id(&client_id)
            .username("+15555550100")
            .password(PASSWORD)
            .send()
            .await,
    );
    assert_eq!(code, "UsernameExistsException");
    assert_eq!(
        message,
        "An account with the given phone_number already exists."
    );

    // The phone number as an alias: it signs in once an administrator verifies it.
    let (pool_id, client_id) = pool_and_client(&app, |pool| {
        pool.alias_attributes(AliasAttributeType::PhoneNumber)
    })
    .await;
    let (code, _) = refusal(
        admin
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username("+15555550100")
            .send()
            .await,
    );
    assert_eq!(
        code, "InvalidParameterException",
        "a username cannot look like one"
    );
    for name in ["bob", "carl"] {
        admin
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username(name)
            .temporary_password(PASSWORD)
            .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
            .send()
            .await
            .unwrap();
        admin
            .admin_set_user_password()
            .user_pool_id(&pool_id)
            .username(name)
            .password(PASSWORD)
            .permanent(true)
            .send()
            .await
            .unwrap();
    }
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("bob")
        .user_attributes(attribute("phone_number", "+15555550111"))
        .send()
        .await
        .unwrap();
    let (code, _) = refusal(sign_in(client_id.clone(), "+15555550111").await);
    assert_eq!(code, "NotAuthorizedException", "not verified yet");
    // A user signing up cannot call their number verified (it would take it as an alias).
    cognito(&app)
        .sign_up()
        .client_id(&client_id)
        .username("dave")
        .password(PASSWORD)
        .user_attributes(attribute("phone_number", "+15555550133"))
        .user_attributes(attribute("phone_number_verified", "true"))
        .send()
        .await
        .unwrap();
    admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("dave")
        .send()
        .await
        .unwrap();
    let (code, _) = refusal(sign_in(client_id.clone(), "+15555550133").await);
    assert_eq!(code, "NotAuthorizedException", "the claim was dropped");
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("bob")
        .user_attributes(attribute("phone_number_verified", "true"))
        .send()
        .await
        .unwrap();
    sign_in(client_id.clone(), "+15555550111")
        .await
        .expect("the verified phone number signs in");
    let (code, message) = refusal(
        admin
            .admin_update_user_attributes()
            .user_pool_id(&pool_id)
            .username("carl")
            .user_attributes(attribute("phone_number", "+15555550111"))
            .user_attributes(attribute("phone_number_verified", "true"))
            .send()
            .await,
    );
    assert_eq!(code, "AliasExistsException");
    assert_eq!(
        message,
        "An account with the given phone_number already exists."
    );
    // A changed number is unverified again, and no alias until verified.
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("bob")
        .user_attributes(attribute("phone_number", "+15555550122"))
        .send()
        .await
        .unwrap();
    let (code, _) = refusal(sign_in(client_id.clone(), "+15555550122").await);
    assert_eq!(code, "NotAuthorizedException");
    let (code, _) = refusal(sign_in(client_id, "+15555550111").await);
    assert_eq!(code, "NotAuthorizedException", "the old number is gone");

    let (code, message) = refusal(
        admin
            .create_user_pool()
            .pool_name("texts")
            .auto_verified_attributes(VerifiedAttributeType::PhoneNumber)
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterException");
    assert!(message.contains("SMS"), "{message}");
}
