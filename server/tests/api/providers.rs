//! Identity providers through the Cognito API, driven by the official AWS SDK: their
//! shapes, their checks, and app clients that list them.

use aws_sdk_cognitoidentityprovider::types::IdentityProviderTypeType;

use crate::cognito_admin::{admin, code};
use crate::helpers::spawn_app;

#[tokio::test]
async fn an_oidc_provider_is_created_read_listed_found_updated_and_deleted() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.to_string();
    let created = admin
        .create_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Corp")
        .provider_type(IdentityProviderTypeType::Oidc)
        .provider_details("client_id", "cognate")
        .provider_details("client_secret", "s3cret")
        .provider_details("authorize_scopes", "openid email")
        .provider_details("oidc_issuer", "https://id.corp.example")
        .attribute_mapping("email", "email")
        .idp_identifiers("corp.example")
        .send()
        .await
        .unwrap();
    let provider = created.identity_provider().unwrap();
    assert_eq!(provider.provider_name(), Some("Corp"));
    assert_eq!(
        provider.provider_type(),
        Some(&IdentityProviderTypeType::Oidc)
    );
    let details = provider.provider_details().unwrap();
    assert_eq!(
        details["attributes_request_method"], "GET",
        "Cognito's default"
    );
    assert_eq!(provider.attribute_mapping().unwrap()["email"], "email");
    assert!(provider.creation_date().is_some());

    let described = admin
        .describe_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Corp")
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.identity_provider().unwrap().idp_identifiers(),
        ["corp.example"]
    );
    let by_identifier = admin
        .get_identity_provider_by_identifier()
        .user_pool_id(&pool_id)
        .idp_identifier("corp.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        by_identifier.identity_provider().unwrap().provider_name(),
        Some("Corp")
    );
    let listed = admin
        .list_identity_providers()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = listed
        .providers()
        .iter()
        .filter_map(|p| p.provider_name())
        .collect();
    assert_eq!(names, ["Corp"]);

    let duplicate = admin
        .create_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Corp")
        .provider_type(IdentityProviderTypeType::Oidc)
        .provider_details("client_id", "other")
        .provider_details("authorize_scopes", "openid")
        .provider_details("oidc_issuer", "https://other.example")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&duplicate), "DuplicateProviderException");

    let updated = admin
        .update_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Corp")
        .provider_details("authorize_scopes", "openid email profile")
        .send()
        .await
        .unwrap();
    let details = updated
        .identity_provider()
        .unwrap()
        .provider_details()
        .unwrap();
    assert_eq!(details["authorize_scopes"], "openid email profile");
    assert_eq!(details["client_id"], "cognate", "details left out stay");

    // An app client may now list it; one that does not exist is refused.
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("federated")
        .supported_identity_providers("COGNITO")
        .supported_identity_providers("Corp")
        .send()
        .await
        .unwrap();
    assert_eq!(
        client
            .user_pool_client()
            .unwrap()
            .supported_identity_providers(),
        ["COGNITO", "Corp"]
    );
    let unknown = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("stranger")
        .supported_identity_providers("Nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&unknown), "InvalidParameterException");

    admin
        .delete_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Corp")
        .send()
        .await
        .unwrap();
    let gone = admin
        .describe_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Corp")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&gone), "ResourceNotFoundException");
}

#[tokio::test]
async fn saml_and_incomplete_providers_are_refused_with_the_reason() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.to_string();
    let saml = admin
        .create_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Okta")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details("MetadataURL", "https://okta.example/metadata")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&saml), "InvalidParameterException");
    assert!(format!("{saml:?}").contains("SAML"), "{saml:?}");

    let google = admin
        .create_identity_provider()
        .user_pool_id(&pool_id)
        .provider_name("Google")
        .provider_type(IdentityProviderTypeType::Google)
        .provider_details("client_id", "x.apps.googleusercontent.com")
        .provider_details("authorize_scopes", "openid email")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&google), "InvalidParameterException");
    assert!(
        format!("{google:?}").contains("client_secret"),
        "{google:?}"
    );

    let listed = admin
        .list_identity_providers()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert!(listed.providers().is_empty(), "nothing was stored");
}
