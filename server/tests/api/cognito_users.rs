//! An administrator's view of users through the AWS SDK: AdminUpdate/DeleteUserAttributes,
//! AdminResetUserPassword and ListUsers with filters and pagination.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, MessageActionType};

use crate::cognito_admin::{admin, code};
use crate::helpers::{PASSWORD, TestApp, email_of, spawn_app};

pub(crate) fn attribute(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

/// The user's attributes as AdminGetUser shows them, `name=value` sorted.
async fn attributes_of(admin: &Client, app: &TestApp, username: &str) -> Vec<String> {
    let user = admin
        .admin_get_user()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .username(username)
        .send()
        .await
        .unwrap();
    let mut shown: Vec<String> = user
        .user_attributes()
        .iter()
        .filter(|a| a.name() != "sub")
        .map(|a| format!("{}={}", a.name(), a.value().unwrap_or_default()))
        .collect();
    shown.sort();
    shown
}

async fn password_sign_in(
    admin: &Client,
    app: &TestApp,
    username: &str,
    password: &str,
) -> Result<(), String> {
    admin
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", password)
        .send()
        .await
        .map(|_| ())
        .map_err(|error| code(&error))
}

#[tokio::test]
async fn an_administrator_edits_attributes_and_resets_a_password() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str().to_string();
    app.confirmed_user("jane").await;
    app.confirmed_user("bob").await;

    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("jane")
        .user_attributes(attribute("given_name", "Jane"))
        .user_attributes(attribute("custom:team", "blue"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        attributes_of(&admin, &app, "jane").await,
        [
            "custom:team=blue",
            "email=jane@example.com",
            "email_verified=true",
            "given_name=Jane"
        ]
    );

    // A new email without email_verified: unverified, and a code goes to it.
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("jane")
        .user_attributes(attribute("email", "jane.two@example.com"))
        .send()
        .await
        .unwrap();
    assert!(
        attributes_of(&admin, &app, "jane")
            .await
            .contains(&"email_verified=false".to_string())
    );
    assert_eq!(app.emails_to("jane.two@example.com").len(), 1);
    // With email_verified=true: verified at once, a sign-in alias, no code sent.
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("jane")
        .user_attributes(attribute("email", "jane.three@example.com"))
        .user_attributes(attribute("email_verified", "true"))
        .send()
        .await
        .unwrap();
    assert!(app.emails_to("jane.three@example.com").is_empty());
    password_sign_in(&admin, &app, "jane.three@example.com", PASSWORD)
        .await
        .unwrap();

    // Another user cannot take that verified email.
    let error = admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("bob")
        .user_attributes(attribute("email", "jane.three@example.com"))
        .user_attributes(attribute("email_verified", "true"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "AliasExistsException");
    assert!(
        attributes_of(&admin, &app, "bob")
            .await
            .contains(&format!("email={}", email_of("bob")))
    );
    let error = admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("bob")
        .user_attributes(attribute("sub", "mine"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");

    admin
        .admin_delete_user_attributes()
        .user_pool_id(&pool_id)
        .username("jane")
        .user_attribute_names("given_name")
        .send()
        .await
        .unwrap();
    assert!(
        !attributes_of(&admin, &app, "jane")
            .await
            .iter()
            .any(|a| a.starts_with("given_name="))
    );
    let error = admin
        .admin_delete_user_attributes()
        .user_pool_id(&pool_id)
        .username("jane")
        .user_attribute_names("email")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");

    // The reset: the old password stops working and a code goes to the verified email.
    admin
        .admin_reset_user_password()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let status = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    assert_eq!(status.user_status().unwrap().as_str(), "RESET_REQUIRED");
    assert_eq!(
        password_sign_in(&admin, &app, "jane", PASSWORD).await,
        Err("PasswordResetRequiredException".to_string())
    );
    let reset_code = app.last_code_for("jane.three@example.com");
    admin
        .confirm_forgot_password()
        .client_id(app.client_id())
        .username("jane")
        .confirmation_code(reset_code)
        .password("Battery-Staple-7")
        .send()
        .await
        .unwrap();
    password_sign_in(&admin, &app, "jane", "Battery-Staple-7")
        .await
        .unwrap();
    let error = admin
        .admin_reset_user_password()
        .user_pool_id(&pool_id)
        .username("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "UserNotFoundException");
}

/// Usernames of a ListUsers call.
fn names(users: &[aws_sdk_cognitoidentityprovider::types::UserType]) -> Vec<String> {
    users
        .iter()
        .map(|user| user.username().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn list_users_filters_and_pages_stably() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str().to_string();
    for (name, given, team) in [
        ("amy", "Amy", "blue"),
        ("anna", "Anna", "red"),
        ("bob", "Bob", "blue"),
        ("carl", "Carl", "red"),
        ("dave", "Dave", "blue"),
    ] {
        admin
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username(name)
            .user_attributes(attribute("email", &email_of(name)))
            .user_attributes(attribute("given_name", given))
            .user_attributes(attribute("custom:team", team))
            .message_action(MessageActionType::Suppress)
            .send()
            .await
            .unwrap();
    }
    let list = |filter: &str| {
        admin
            .list_users()
            .user_pool_id(&pool_id)
            .filter(filter)
            .send()
    };
    let everyone = list("").await.unwrap();
    assert_eq!(
        names(everyone.users()),
        ["amy", "anna", "bob", "carl", "dave"]
    );
    assert_eq!(everyone.pagination_token(), None);

    // Pages of two; a user seen on the first page is deleted before the second is asked
    // for, and nobody is skipped or repeated.
    let first = admin
        .list_users()
        .user_pool_id(&pool_id)
        .limit(2)
        .send()
        .await
        .unwrap();
    assert_eq!(names(first.users()), ["amy", "anna"]);
    let token = first.pagination_token().unwrap().to_string();
    assert!(!token.contains("anna"), "the token is opaque: {token}");
    admin
        .admin_delete_user()
        .user_pool_id(&pool_id)
        .username("anna")
        .send()
        .await
        .unwrap();
    let second = admin
        .list_users()
        .user_pool_id(&pool_id)
        .limit(2)
        .pagination_token(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(names(second.users()), ["bob", "carl"]);
    let third = admin
        .list_users()
        .user_pool_id(&pool_id)
        .limit(2)
        .pagination_token(second.pagination_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(names(third.users()), ["dave"]);
    assert_eq!(third.pagination_token(), None);

    admin
        .admin_disable_user()
        .user_pool_id(&pool_id)
        .username("dave")
        .send()
        .await
        .unwrap();
    for (filter, expected) in [
        (r#"username ^= "A""#, vec!["amy"]),
        (r#"username = "BOB""#, vec!["bob"]),
        (r#"email = "carl@example.com""#, vec!["carl"]),
        (r#"email ^= "d""#, vec!["dave"]),
        (r#"given_name ^= "C""#, vec!["carl"]),
        (r#"custom:team = "blue""#, vec!["amy", "bob", "dave"]),
        (r#"custom:team ^= "r""#, vec!["carl"]),
        (r#"status = "Disabled""#, vec!["dave"]),
        (
            r#"cognito:user_status = "FORCE_CHANGE_PASSWORD""#,
            vec!["amy", "bob", "carl", "dave"],
        ),
        (r#"email = "nobody@example.com""#, vec![]),
    ] {
        let found = list(filter).await.unwrap();
        assert_eq!(names(found.users()), expected, "{filter}");
    }

    let only_email = admin
        .list_users()
        .user_pool_id(&pool_id)
        .filter(r#"username = "amy""#)
        .attributes_to_get("email")
        .send()
        .await
        .unwrap();
    let shown: Vec<&str> = only_email.users()[0]
        .attributes()
        .iter()
        .map(|a| a.name())
        .collect();
    assert_eq!(shown, ["email"]);

    for filter in [r#"email == "x""#, r#"email = x"#, r#"address = "x""#] {
        let error = list(filter).await.unwrap_err();
        assert_eq!(code(&error), "InvalidParameterException", "{filter}");
    }
    let error = admin
        .list_users()
        .user_pool_id(&pool_id)
        .pagination_token("not-a-token")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
    let error = admin
        .list_users()
        .user_pool_id(&pool_id)
        .limit(61)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
}
