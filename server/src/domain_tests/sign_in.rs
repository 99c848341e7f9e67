use crate::pool::UnknownUser;
use crate::pool::invalid::{ClientFault, Invalid, SignInFault};
use crate::testkit::refused_as;
use aws_cognito_srp::{SrpClient, User as SrpUser, VerificationParameters};

use crate::pool::Denied;
use crate::pool::secrets::ClientProof;
use crate::pool::{
    AuthFlow, ClientSettings, NewUser, PoolError, PoolSettings, SignInStep, SrpClaim,
};
use crate::pool::{Invitation, Via};
use crate::testkit::{Kit, PASSWORD, denied, weak};

/// An SRP client for `username` and `password`, and the challenge to its `SRP_A` for
/// the name it was typed as.
async fn srp_challenge(
    kit: &Kit,
    username: &str,
    typed: &str,
    password: &str,
) -> (SrpClient<SrpUser>, crate::pool::SrpChallenge) {
    let user = SrpUser::new(kit.pool_id(), username, password);
    let client = SrpClient::new(user, kit.client_id(), None);
    let a = client.get_auth_parameters().a;
    let proof = ClientProof::Trusted;
    let challenge = kit
        .pool
        .srp_start(kit.client_id(), typed, &a, proof, &Default::default())
        .await;
    (client, challenge.unwrap())
}

/// The hosted pages, answering no app's request.
const PAGES: Via<'static> = Via::Pages {
    oauth_request: None,
};

/// No ClientMetadata.
static NO_METADATA: crate::pool::Attributes = crate::pool::Attributes::new();

/// USER_PASSWORD_AUTH through the Cognito API, for a client without a secret.
fn api_password() -> Via<'static> {
    Via::Api {
        flow: AuthFlow::UserPassword,
        proof: ClientProof::SecretHash(None),
        client_metadata: &NO_METADATA,
        device_key: None,
    }
}

fn incorrect(result: &Result<SignInStep, PoolError>) -> bool {
    matches!(
        result,
        Err(PoolError::NotAuthorized(Denied::WrongCredentials))
    )
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let kit = Kit::with_user("jane").await;
    let wrong = kit.sign_in("jane", "Wrong-pass-1").await;
    let unknown = kit.sign_in("nobody", PASSWORD).await;
    assert!(incorrect(&wrong), "{wrong:?}");
    assert!(incorrect(&unknown), "{unknown:?}");
    // A client that opts out of PreventUserExistenceErrors is told the truth.
    let open = kit.open_client().await;
    refused_as(
        kit.pool
            .password_sign_in(open.id.as_str(), "nobody", PASSWORD, PAGES)
            .await,
        PoolError::UserNotFound(UnknownUser::User),
    );
}

#[tokio::test]
async fn an_unconfirmed_or_disabled_user_cannot_sign_in() {
    let kit = Kit::new().await;
    kit.sign_up("ann").await;
    refused_as(
        kit.sign_in("ann", PASSWORD).await,
        PoolError::UserNotConfirmed,
    );
    kit.confirmed_user("jane").await;
    kit.pool
        .admin_set_enabled(kit.pool_id(), "jane", false)
        .await
        .unwrap();
    assert_eq!(
        denied(kit.sign_in("jane", PASSWORD).await),
        Denied::Disabled
    );
}

#[tokio::test]
async fn a_verified_email_is_an_alias_where_the_pool_says_so() {
    let kit = Kit::new().await;
    // The default pool: AliasAttributes=[email], the email verified by the sign-up code.
    kit.confirmed_user("jane").await;
    let by_email = kit.sign_in("JANE@example.com", PASSWORD).await;
    assert!(matches!(by_email, Ok(SignInStep::Done(_))), "{by_email:?}");
    // An unconfirmed user's email is not yet an alias.
    kit.sign_up("ann").await;
    let unverified = kit.sign_in("ann@example.com", PASSWORD).await;
    assert!(incorrect(&unverified), "{unverified:?}");

    // Without the alias only the username signs in.
    let (_, client) = kit
        .pool_with(PoolSettings {
            alias_attributes: vec![],
            ..PoolSettings::default()
        })
        .await;
    let user = kit
        .pool
        .admin_create_user(
            &client.pool_id.to_string(),
            NewUser {
                username: "joe".into(),
                attributes: [
                    ("email".to_string(), "joe@example.com".to_string()),
                    ("email_verified".to_string(), "true".to_string()),
                ]
                .into(),
                temporary_password: None,
                invitation: Invitation::Suppress,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    kit.pool
        .admin_set_password(user.pool_id.as_str(), "joe", PASSWORD, true)
        .await
        .unwrap();
    let by_email = kit
        .pool
        .password_sign_in(client.id.as_str(), "joe@example.com", PASSWORD, PAGES)
        .await;
    assert!(incorrect(&by_email), "{by_email:?}");
    let by_name = kit
        .pool
        .password_sign_in(client.id.as_str(), "joe", PASSWORD, PAGES)
        .await;
    assert!(matches!(by_name, Ok(SignInStep::Done(_))), "{by_name:?}");
}

#[tokio::test]
async fn the_api_flows_must_be_allowed_for_the_client() {
    let kit = Kit::with_user("jane").await;
    let srp_only = kit
        .client_with(
            false,
            ClientSettings {
                explicit_auth_flows: vec!["ALLOW_USER_SRP_AUTH".into()],
                ..ClientSettings::default()
            },
        )
        .await;
    let refused = kit
        .pool
        .password_sign_in(srp_only.id.as_str(), "jane", PASSWORD, api_password())
        .await;
    assert_eq!(
        refused_as(
            refused,
            PoolError::InvalidParameter(Invalid::Client(ClientFault::FlowNotEnabled(
                AuthFlow::UserPassword
            )))
        ),
        "USER_PASSWORD_AUTH flow not enabled for this client"
    );
    let allowed = kit
        .pool
        .password_sign_in(kit.client_id(), "jane", PASSWORD, api_password())
        .await;
    assert!(matches!(allowed, Ok(SignInStep::Done(_))), "{allowed:?}");
}

#[tokio::test]
async fn a_temporary_password_must_be_replaced_within_its_session() {
    let kit = Kit::new().await;
    kit.pool
        .admin_create_user(
            kit.pool_id(),
            NewUser {
                username: "invited".into(),
                attributes: [("email".to_string(), "invited@example.com".to_string())].into(),
                temporary_password: Some("Temporary-1".into()),
                invitation: Invitation::Suppress,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let step = kit.sign_in("invited", "Temporary-1").await.unwrap();
    let SignInStep::NewPasswordRequired { session, .. } = step else {
        panic!("expected the new-password step, got {step:?}");
    };
    weak(kit.new_password((&session, "invited"), "weak").await);
    // The policy's refusal leaves the session for another try; another user's name does not.
    denied(kit.new_password((&session, "jane"), PASSWORD).await);

    let step = kit.sign_in("invited", "Temporary-1").await.unwrap();
    let SignInStep::NewPasswordRequired { session, .. } = step else {
        panic!("expected the new-password step");
    };
    kit.advance(181);
    assert_eq!(
        denied(kit.new_password((&session, "invited"), PASSWORD).await),
        Denied::SessionExpired
    );

    let step = kit.sign_in("invited", "Temporary-1").await.unwrap();
    let SignInStep::NewPasswordRequired { session, .. } = step else {
        panic!("expected the new-password step");
    };
    let signed_in = kit
        .new_password((&session, "invited"), PASSWORD)
        .await
        .unwrap();
    assert!(kit.accepts(&signed_in.tokens.access_token).await);
    assert!(incorrect(&kit.sign_in("invited", "Temporary-1").await));
    // A temporary password not used within seven days must be reset by an administrator.
    kit.pool
        .admin_set_password(kit.pool_id(), "invited", "Temporary-2", false)
        .await
        .unwrap();
    kit.advance(7 * 86_400);
    assert_eq!(
        denied(kit.sign_in("invited", "Temporary-2").await),
        Denied::TemporaryPasswordExpired
    );
}

#[tokio::test]
async fn srp_proves_the_password_without_sending_it() {
    let kit = Kit::with_user("jane").await;
    for (password, succeeds) in [("Wrong-pass-1", false), (PASSWORD, true)] {
        let (client, challenge) = srp_challenge(&kit, "jane", "Jane", password).await;
        assert_eq!(challenge.user_id, "jane", "the stored username");
        let VerificationParameters {
            password_claim_secret_block,
            password_claim_signature,
            timestamp,
        } = client
            .verify(
                &challenge.secret_block,
                &challenge.user_id,
                &challenge.salt,
                &challenge.srp_b,
            )
            .unwrap();
        let claim = SrpClaim {
            username: &challenge.user_id,
            secret_block: &password_claim_secret_block,
            signature: &password_claim_signature,
            timestamp: &timestamp,
            device_key: None,
        };
        let answer = kit
            .pool
            .srp_verify(kit.client_id(), &claim, ClientProof::Trusted, &NO_METADATA)
            .await;
        assert_eq!(answer.is_ok(), succeeds, "{password}: {answer:?}");
        // The challenge answers once.
        let replay = kit
            .pool
            .srp_verify(kit.client_id(), &claim, ClientProof::Trusted, &NO_METADATA)
            .await;
        assert!(replay.is_err());
    }
}

#[tokio::test]
async fn srp_for_an_unknown_user_is_a_decoy_that_nothing_answers() {
    let kit = Kit::new().await;
    let (client, challenge) = srp_challenge(&kit, "ghost", "ghost", PASSWORD).await;
    let (_, again) = srp_challenge(&kit, "ghost", "ghost", PASSWORD).await;
    assert_eq!(challenge.salt, again.salt, "a decoy's salt is stable");
    let proof = client
        .verify(
            &challenge.secret_block,
            "ghost",
            &challenge.salt,
            &challenge.srp_b,
        )
        .unwrap();
    let claim = SrpClaim {
        username: "ghost",
        secret_block: &proof.password_claim_secret_block,
        signature: &proof.password_claim_signature,
        timestamp: &proof.timestamp,
        device_key: None,
    };
    denied(
        kit.pool
            .srp_verify(kit.client_id(), &claim, ClientProof::Trusted, &NO_METADATA)
            .await,
    );
    refused_as(
        kit.pool
            .srp_start(
                kit.client_id(),
                "ghost",
                "00",
                ClientProof::Trusted,
                &Default::default(),
            )
            .await,
        PoolError::InvalidParameter(Invalid::SignIn(SignInFault::SrpA)),
    );
}
