//! The sign-in triggers: pre and post authentication, pre token generation (V1, V2, V3),
//! custom authentication, and the custom message of an invitation.

use super::*;

#[tokio::test]
async fn sign_ins_go_through_pre_and_post_authentication_and_pre_token_generation() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .pre_authentication(arn("pre-authentication"))
        .post_authentication(arn("post-authentication"))
        .pre_token_generation(arn("pre-token-v1"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    user(&app, &pool, "dora", "dora@example.com").await;
    let cognito = cognito(&app);

    let tokens = password_sign_in(&cognito, &client, "dora", &[])
        .await
        .unwrap();
    let id = claims(tokens.id_token().unwrap());
    assert_eq!(id["tier"], "gold");
    assert_eq!(id["my_first_attribute"], "first_value");
    assert!(
        id.get("email").is_none(),
        "the trigger suppressed email: {id}"
    );
    assert_eq!(
        id["cognito:groups"],
        serde_json::json!(["readers", "writers"])
    );
    let access = claims(tokens.access_token().unwrap());
    assert_eq!(
        access["cognito:groups"],
        serde_json::json!(["readers", "writers"])
    );
    let log = std::fs::read_to_string(lambda_host().1.join("sign-ins.jsonl")).unwrap();
    assert!(
        log.lines()
            .any(|line| line.contains("\"dora\"")
                && line.contains("PostAuthentication_Authentication")),
        "{log}"
    );
    let token_event = events(&pool, "TokenGeneration_Authentication")
        .pop()
        .unwrap();
    assert_eq!(
        token_event["request"]["userAttributes"]["email"],
        "dora@example.com"
    );

    // Refreshed tokens are made again by the trigger.
    let refreshed = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", tokens.refresh_token().unwrap())
        .send()
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    assert_eq!(claims(refreshed.id_token().unwrap())["tier"], "gold");
    assert_eq!(events(&pool, "TokenGeneration_RefreshTokens").len(), 1);

    // SRP goes through the same triggers.
    let before = events(&pool, "PreAuthentication_Authentication").len();
    let srp = crate::cognito_srp::srp_sign_in_to(&app, (&pool, &client), "dora", PASSWORD)
        .await
        .0
        .unwrap();
    let id = claims(srp.authentication_result().unwrap().id_token().unwrap());
    assert_eq!(id["tier"], "gold");
    assert_eq!(
        events(&pool, "PreAuthentication_Authentication").len(),
        before + 1
    );

    // ClientMetadata reaches pre authentication as validationData; its refusal is the app's.
    let paused = password_sign_in(&cognito, &client, "dora", &[("maintenance", "true")]).await;
    assert_eq!(
        paused.unwrap_err(),
        (
            "UserLambdaValidationException".into(),
            "PreAuthentication failed with error Sign-in is paused for maintenance..".into()
        )
    );
    admin(&app)
        .admin_update_user_attributes()
        .user_pool_id(&pool)
        .username("dora")
        .user_attributes(attribute("custom:suspended", "yes"))
        .send()
        .await
        .unwrap();
    let suspended = password_sign_in(&cognito, &client, "dora", &[]).await;
    assert_eq!(
        suspended.unwrap_err().1,
        "PreAuthentication failed with error This account is suspended.."
    );

    // A name nobody has still goes to pre authentication (the client hides which users
    // exist), and the answer is the one a wrong password gets.
    let ghost = password_sign_in(&cognito, &client, "ghost", &[]).await;
    assert_eq!(ghost.unwrap_err().0, "NotAuthorizedException");
    let unknown = events(&pool, "PreAuthentication_Authentication")
        .into_iter()
        .find(|event| event["userName"] == "ghost")
        .expect("an event for the unknown name");
    assert_eq!(unknown["request"]["userNotFound"], true);
}

#[tokio::test]
async fn pre_token_generation_v2_changes_both_tokens_and_a_reserved_claim_is_refused() {
    let app = app().await;
    let v2 = LambdaConfigType::builder()
        .pre_token_generation_config(
            PreTokenGenerationVersionConfigType::builder()
                .lambda_version(PreTokenGenerationLambdaVersionType::V20)
                .lambda_arn(arn("pre-token-v2"))
                .build()
                .unwrap(),
        )
        .build();
    let (pool, client) = pool_with(&app, v2).await;
    user(&app, &pool, "erin", "erin@example.com").await;
    let cognito = cognito(&app);
    let tokens = password_sign_in(&cognito, &client, "erin", &[])
        .await
        .unwrap();
    let id = claims(tokens.id_token().unwrap());
    assert_eq!(id["family_name"], "Override");
    assert_eq!(id["source"], "TokenGeneration_Authentication");
    let access = claims(tokens.access_token().unwrap());
    assert_eq!(
        access["tenant"],
        serde_json::json!({ "id": "t-42", "plan": "pro" })
    );
    assert_eq!(access["scope"], "notes/read");
    let event = events(&pool, "TokenGeneration_Authentication")
        .pop()
        .unwrap();
    assert_eq!(event["version"], "2");
    assert_eq!(
        event["request"]["scopes"],
        serde_json::json!(["aws.cognito.signin.user.admin"])
    );

    let reserved = LambdaConfigType::builder()
        .pre_token_generation(arn("pre-token-reserved"))
        .build();
    let (pool, client) = pool_with(&app, reserved).await;
    user(&app, &pool, "finn", "finn@example.com").await;
    let refused = password_sign_in(&cognito, &client, "finn", &[]).await;
    assert_eq!(
        refused.unwrap_err(),
        (
            "InvalidLambdaResponseException".into(),
            "Unrecognizable lambda output".into()
        )
    );
}

/// CUSTOM_AUTH's answer to the question on `session`.
async fn answer(
    cognito: &Client,
    client: &str,
    session: &str,
    username: &str,
    answer: &str,
) -> Result<
    aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput,
    (String, String),
>{
    cognito
        .respond_to_auth_challenge()
        .client_id(client)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(session)
        .challenge_responses("USERNAME", username)
        .challenge_responses("ANSWER", answer)
        .send()
        .await
        .map_err(|error| failure(&error))
}

#[tokio::test]
async fn custom_authentication_runs_srp_then_a_question() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .define_auth_challenge(arn("define-auth-challenge"))
        .create_auth_challenge(arn("create-auth-challenge"))
        .verify_auth_challenge_response(arn("verify-auth-challenge"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    user(&app, &pool, "gale", "gale@example.com").await;
    let cognito = cognito(&app);

    // SRP first, as the AWS documentation's example does it.
    let srp = SrpClient::new(User::new(&pool, "gale", PASSWORD), &client, None);
    let UserAuthenticationParameters { a, username } = srp.get_auth_parameters();
    let started = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", &username)
        .auth_parameters("SRP_A", a)
        .auth_parameters("CHALLENGE_NAME", "SRP_A")
        .send()
        .await
        .unwrap();
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::PasswordVerifier)
    );
    let parameters = started.challenge_parameters().unwrap();
    let responses = crate::cognito_srp::verifier_responses(&srp, parameters, "gale");
    let question = cognito
        .respond_to_auth_challenge()
        .client_id(&client)
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .set_session(started.session().map(str::to_string))
        .set_challenge_responses(Some(responses))
        .send()
        .await
        .unwrap();
    assert_eq!(
        question.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    assert_eq!(
        question.challenge_parameters().unwrap()["question"],
        "What is 6 x 7?"
    );
    assert!(
        !question
            .challenge_parameters()
            .unwrap()
            .contains_key("answer")
    );

    // A wrong answer: asked again; the right one: tokens.
    let again = answer(&cognito, &client, question.session().unwrap(), "gale", "41")
        .await
        .unwrap();
    assert_eq!(
        again.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    let done = answer(&cognito, &client, again.session().unwrap(), "gale", "42")
        .await
        .unwrap();
    let id = claims(done.authentication_result().unwrap().id_token().unwrap());
    assert_eq!(id["cognito:username"], "gale");
    let history = events(&pool, "DefineAuthChallenge_Authentication")
        .pop()
        .unwrap()["request"]["session"]
        .clone();
    let names: Vec<(&str, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["challengeName"].as_str().unwrap(),
                s["challengeResult"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("SRP_A", true),
            ("PASSWORD_VERIFIER", true),
            ("CUSTOM_CHALLENGE", false),
            ("CUSTOM_CHALLENGE", true)
        ]
    );

    // Without SRP, three wrong answers end the sign-in; a used session answers once.
    let started = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", "gale")
        .send()
        .await
        .unwrap();
    let mut session = started.session().unwrap().to_string();
    let replayed = session.clone();
    for _ in 0..2 {
        let next = answer(&cognito, &client, &session, "gale", "wrong")
            .await
            .unwrap();
        session = next.session().unwrap().to_string();
    }
    let ended = answer(&cognito, &client, &session, "gale", "wrong").await;
    assert_eq!(ended.unwrap_err().0, "NotAuthorizedException");
    let replay = answer(&cognito, &client, &replayed, "gale", "42").await;
    assert_eq!(replay.unwrap_err().0, "NotAuthorizedException");
}

#[tokio::test]
async fn machine_tokens_go_to_a_version_3_trigger_and_invitations_to_the_custom_message() {
    use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, ResourceServerScopeType};
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .pre_token_generation_config(
            PreTokenGenerationVersionConfigType::builder()
                .lambda_version(PreTokenGenerationLambdaVersionType::V30)
                .lambda_arn(arn("pre-token-v3"))
                .build()
                .unwrap(),
        )
        .custom_message(arn("custom-message"))
        .build();
    let (pool, app_client) = pool_with(&app, triggers).await;
    let admin = admin(&app);
    admin
        .create_resource_server()
        .user_pool_id(&pool)
        .identifier("notes")
        .name("Notes")
        .scopes(
            ResourceServerScopeType::builder()
                .scope_name("read")
                .scope_description("read notes")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let machine = admin
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("machine")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes("notes/read")
        .supported_identity_providers("COGNITO")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    let id = machine.client_id().unwrap();
    let answer: Value = app
        .http
        .post(format!("{}/oauth2/token", app.address))
        .basic_auth(id, machine.client_secret())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = claims(answer["access_token"].as_str().expect("an access token"));
    assert_eq!(access["machine"], id);
    assert_eq!(access["source"], "TokenGeneration_ClientCredentials");
    assert_eq!(access["scope"], "notes/read");

    // An invitation in the custom message's words, the password and name put in after.
    admin
        .admin_create_user()
        .user_pool_id(&pool)
        .username("sam")
        .user_attributes(attribute("email", "sam@example.com"))
        .temporary_password("Temporary-Pass-1")
        .send()
        .await
        .unwrap();
    let invitation = app.emails_to("sam@example.com").pop().unwrap();
    assert!(
        invitation.contains("Subject: Your new account"),
        "{invitation}"
    );
    assert!(
        invitation.contains("Welcome sam. Your temporary password is Temporary-Pass-1"),
        "{invitation}"
    );
    let event = events(&pool, "CustomMessage_AdminCreateUser")
        .pop()
        .unwrap();
    assert_eq!(event["request"]["codeParameter"], "{####}");
    assert_eq!(event["request"]["usernameParameter"], "{username}");

    // A reset for a name nobody has costs the same call (the client hides which users
    // exist), and sends nothing.
    let delivery = cognito(&app)
        .forgot_password()
        .client_id(&app_client)
        .username("nobody-here")
        .send()
        .await
        .unwrap();
    assert!(delivery.code_delivery_details().is_some());
    let decoy = events(&pool, "CustomMessage_ForgotPassword").pop().unwrap();
    assert_eq!(decoy["userName"], "nobody-here");
}

#[tokio::test]
async fn a_custom_sign_in_that_never_ends_is_ended_and_wrong_answers_count_across_sign_ins() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .define_auth_challenge(arn("define-auth-challenge-forever"))
        .create_auth_challenge(arn("create-auth-challenge"))
        .verify_auth_challenge_response(arn("verify-auth-challenge"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    user(&app, &pool, "ivy", "ivy@example.com").await;
    let cognito = cognito(&app);
    let start = || async {
        cognito
            .initiate_auth()
            .client_id(&client)
            .auth_flow(AuthFlowType::CustomAuth)
            .auth_parameters("USERNAME", "ivy")
            .send()
            .await
            .unwrap()
            .session()
            .unwrap()
            .to_string()
    };

    // The function would ask forever: the sign-in ends after 8 answers.
    let mut session = start().await;
    for _ in 0..7 {
        let next = answer(&cognito, &client, &session, "ivy", "wrong")
            .await
            .unwrap();
        session = next.session().unwrap().to_string();
    }
    let ended = answer(&cognito, &client, &session, "ivy", "wrong").await;
    assert_eq!(ended.unwrap_err().0, "NotAuthorizedException");

    // The wrong answers are the user's, not the sign-in's: a new sign-in has two left
    // (of 10 in the window), then even the right answer is refused.
    let mut session = start().await;
    for _ in 0..2 {
        let next = answer(&cognito, &client, &session, "ivy", "wrong")
            .await
            .unwrap();
        session = next.session().unwrap().to_string();
    }
    let limited = answer(&cognito, &client, &session, "ivy", "42").await;
    assert_eq!(limited.unwrap_err().0, "LimitExceededException");
}
