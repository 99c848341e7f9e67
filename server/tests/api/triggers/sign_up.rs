//! The sign-up triggers: pre sign-up and post confirmation (a sign-up, a federated first
//! sign-in), user migration, inbound federation.

use super::*;

#[tokio::test]
async fn pre_sign_up_confirms_refuses_and_post_confirmation_writes_the_profile() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .pre_sign_up(arn("pre-sign-up"))
        .post_confirmation(arn("post-confirmation"))
        .custom_message(arn("custom-message"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    let cognito = cognito(&app);

    // The company's own domain: confirmed and verified by the function, no code sent.
    let signed_up = cognito
        .sign_up()
        .client_id(&client)
        .username("ann")
        .password(PASSWORD)
        .user_attributes(attribute("email", "ann@company.example"))
        .validation_data(attribute("invite", "spring"))
        .client_metadata("app", "web")
        .send()
        .await
        .unwrap();
    assert!(signed_up.user_confirmed());
    assert!(signed_up.code_delivery_details().is_none());
    let ann = admin(&app)
        .admin_get_user()
        .user_pool_id(&pool)
        .username("ann")
        .send()
        .await
        .unwrap();
    assert_eq!(ann.user_status().unwrap().as_str(), "CONFIRMED");
    let verified = ann
        .user_attributes()
        .iter()
        .find(|a| a.name() == "email_verified")
        .and_then(|a| a.value());
    assert_eq!(verified, Some("true"));
    let row = profile("ann").expect("the post confirmation trigger wrote ann's profile");
    assert_eq!(row["source"], "PostConfirmation_ConfirmSignUp");
    assert_eq!(row["email"], "ann@company.example");
    assert_eq!(row["client"], client.as_str());

    // Cognito's event, as the function got it.
    let event = events(&pool, "PreSignUp_SignUp").pop().unwrap();
    assert_eq!(event["version"], "1");
    assert_eq!(event["region"], pool.split('_').next().unwrap());
    assert_eq!(event["userName"], "ann");
    assert_eq!(event["callerContext"]["clientId"], client.as_str());
    assert_eq!(
        event["request"]["userAttributes"]["email"],
        "ann@company.example"
    );
    assert_eq!(event["request"]["validationData"]["invite"], "spring");
    assert_eq!(event["request"]["clientMetadata"]["app"], "web");

    // The function refuses a domain: its words reach the app, and nothing is stored.
    let refused = cognito
        .sign_up()
        .client_id(&client)
        .username("bob")
        .password(PASSWORD)
        .user_attributes(attribute("email", "bob@blocked.example"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        failure(&refused),
        (
            "UserLambdaValidationException".into(),
            "PreSignUp failed with error Sign-ups from blocked.example are not allowed..".into()
        )
    );
    let bob = admin(&app)
        .admin_get_user()
        .user_pool_id(&pool)
        .username("bob")
        .send()
        .await
        .unwrap_err();
    assert_eq!(failure(&bob).0, "UserNotFoundException");

    // Anyone else confirms by the code, in the custom message's words.
    let carl = cognito
        .sign_up()
        .client_id(&client)
        .username("carl")
        .password(PASSWORD)
        .user_attributes(attribute("email", "carl@else.example"))
        .send()
        .await
        .unwrap();
    assert!(!carl.user_confirmed());
    let message = app.emails_to("carl@else.example").pop().unwrap();
    assert!(
        message.contains("Subject: Welcome to the service"),
        "{message}"
    );
    assert!(message.contains("is your verification code"), "{message}");
    assert!(profile("carl").is_none());
    let code = six_digits(message.split("Thank you for signing up.").nth(1).unwrap());
    cognito
        .confirm_sign_up()
        .client_id(&client)
        .username("carl")
        .confirmation_code(code)
        .send()
        .await
        .unwrap();
    assert_eq!(
        profile("carl").unwrap()["source"],
        "PostConfirmation_ConfirmSignUp"
    );
}

#[tokio::test]
async fn user_migration_moves_users_at_sign_in_and_at_a_reset() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .user_migration(arn("user-migration"))
        .build();
    let (pool, client) = pool_shaped(&app, triggers, true).await;
    let cognito = cognito(&app);
    let old = "legacy.user@old.example";

    let signed_in = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", old)
        .auth_parameters("PASSWORD", "Old-System-Pass-1")
        .send()
        .await
        .unwrap();
    let id = claims(
        signed_in
            .authentication_result()
            .unwrap()
            .id_token()
            .unwrap(),
    );
    assert_eq!(id["email"], old);
    assert_eq!(id["name"], "Legacy User");
    let migrated = events(&pool, "UserMigration_Authentication");
    assert_eq!(migrated.len(), 1);
    assert_eq!(migrated[0]["userName"], old);

    // The next sign-in is local: the function is not asked again.
    cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", old)
        .auth_parameters("PASSWORD", "Old-System-Pass-1")
        .send()
        .await
        .unwrap();
    assert_eq!(events(&pool, "UserMigration_Authentication").len(), 1);

    // The old system refuses a wrong password: the app hears what any wrong password gets.
    let wrong = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "second.user@old.example")
        .auth_parameters("PASSWORD", "Not-The-Password-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(failure(&wrong).0, "NotAuthorizedException");

    // A forgotten password of a user the pool does not know yet: migrated, then reset.
    let second = "second.user@old.example";
    cognito
        .forgot_password()
        .client_id(&client)
        .username(second)
        .send()
        .await
        .unwrap();
    let status = admin(&app)
        .admin_get_user()
        .user_pool_id(&pool)
        .username(second)
        .send()
        .await
        .unwrap();
    assert_eq!(status.user_status().unwrap().as_str(), "RESET_REQUIRED");
    let code = app.last_code_for(second);
    cognito
        .confirm_forgot_password()
        .client_id(&client)
        .username(second)
        .confirmation_code(code)
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    password_sign_in(&cognito, &client, second, &[])
        .await
        .unwrap();
    assert_eq!(events(&pool, "UserMigration_ForgotPassword").len(), 1);
}

/// The triggers a federated sign-in meets: sign-up, confirmation, authentication, and
/// inbound federation.
fn federation_triggers() -> LambdaConfigType {
    LambdaConfigType::builder()
        .pre_sign_up(arn("pre-sign-up"))
        .post_confirmation(arn("post-confirmation"))
        .pre_authentication(arn("pre-authentication"))
        .post_authentication(arn("post-authentication"))
        .inbound_federation(
            aws_sdk_cognitoidentityprovider::types::InboundFederationLambdaType::builder()
                .lambda_version(
                    aws_sdk_cognitoidentityprovider::types::InboundFederationLambdaVersionType::V10,
                )
                .lambda_arn(arn("inbound-federation"))
                .build()
                .unwrap(),
        )
        .build()
}

#[tokio::test]
async fn a_federated_first_sign_in_goes_through_its_triggers() {
    use crate::federation::{at_the_provider, authorize, get, id_claims, setup};
    use crate::hosted::redirect_target as location;
    let app = app().await;
    let setup = setup(&app).await;
    let pool = app.default_pool.pool.id.to_string();
    let triggers = federation_triggers();
    admin(&app)
        .update_user_pool()
        .user_pool_id(&pool)
        .lambda_config(triggers)
        .send()
        .await
        .unwrap();

    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let (answer, provider_session) = at_the_provider(&app, &to_provider).await;
    let back = get(&app, &answer, None).await;
    let claims = id_claims(&app, &setup, &location(&back)).await;
    // The inbound federation trigger chose the attributes.
    assert_eq!(claims["name"], "ALICE");
    assert_eq!(claims["email"], "alice@corp.example");
    let username = claims["cognito:username"].as_str().unwrap().to_string();
    let inbound = events(&pool, "InboundFederation_ExternalProvider")
        .pop()
        .unwrap();
    assert_eq!(inbound["request"]["providerName"], "Corp");
    assert_eq!(inbound["request"]["providerType"], "OIDC");
    assert_eq!(
        inbound["request"]["attributes"]["idToken"]["email"],
        "alice@corp.example"
    );
    // A first sign-in is a sign-up and a confirmation, as Cognito has it.
    let signed_up = events(&pool, "PreSignUp_ExternalProvider");
    assert_eq!(signed_up.len(), 1);
    assert_eq!(signed_up[0]["userName"], username.as_str());
    assert_eq!(
        profile(&username).unwrap()["source"],
        "PostConfirmation_ConfirmSignUp"
    );
    assert_eq!(events(&pool, "PreAuthentication_Authentication").len(), 1);
    assert_eq!(events(&pool, "PostAuthentication_Authentication").len(), 1);

    // The next sign-in is a sign-in only.
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let answer = location(&get(&app, &to_provider, Some(&provider_session)).await);
    let back = get(&app, &answer, None).await;
    id_claims(&app, &setup, &location(&back)).await;
    assert_eq!(events(&pool, "PreSignUp_ExternalProvider").len(), 1);
    assert_eq!(events(&pool, "PostConfirmation_ConfirmSignUp").len(), 1);
    assert_eq!(events(&pool, "PostAuthentication_Authentication").len(), 2);
}

#[tokio::test]
async fn a_saml_first_sign_in_goes_through_the_same_triggers() {
    use crate::hosted::redirect_target as location;
    use crate::saml::{id_claims, setup, sign_in};
    let app = app().await;
    let saml = setup(&app, &[]).await;
    let triggers = federation_triggers();
    admin(&app)
        .update_user_pool()
        .user_pool_id(&saml.pool)
        .lambda_config(triggers)
        .send()
        .await
        .unwrap();

    let back = sign_in(&app, &saml, "alice", &[]).await;
    let claims = id_claims(&app, &saml, &location(&back)).await;
    // The inbound federation trigger read the SAML attributes and chose the name.
    assert_eq!(claims["name"], "ALICE");
    assert_eq!(claims["email"], "alice@corp.example");
    let inbound = events(&saml.pool, "InboundFederation_ExternalProvider")
        .pop()
        .unwrap();
    assert_eq!(inbound["request"]["providerName"], "Corp");
    assert_eq!(inbound["request"]["providerType"], "SAML");
    assert_eq!(
        inbound["request"]["attributes"]["samlResponse"]["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"],
        "alice@corp.example"
    );
    assert_eq!(events(&saml.pool, "PreSignUp_ExternalProvider").len(), 1);
    assert_eq!(
        profile("Corp_alice@corp.example").unwrap()["source"],
        "PostConfirmation_ConfirmSignUp"
    );
    assert_eq!(
        events(&saml.pool, "PreAuthentication_Authentication").len(),
        1
    );
    assert_eq!(
        events(&saml.pool, "PostAuthentication_Authentication").len(),
        1
    );
}
