//! A SAML provider's configuration through the AWS SDK: what Cognito refuses, in its words.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;

use super::*;

/// CreateIdentityProvider of a SAML provider `Bad` with `details`: the error's code and
/// message.
async fn refused(app: &TestApp, pool: &str, details: &[(&str, &str)]) -> (String, String) {
    let mut create = admin(app)
        .create_identity_provider()
        .user_pool_id(pool)
        .provider_name("Bad")
        .provider_type(IdentityProviderTypeType::Saml);
    for (key, value) in details {
        create = create.provider_details(*key, *value);
    }
    let error = create.send().await.expect_err("refused");
    (
        error.code().unwrap_or_default().to_string(),
        error.message().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn saml_providers_need_one_readable_metadata_and_flags_that_are_flags() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let (idp, _) = idp();
    let metadata_url = format!("{idp}/metadata");
    let metadata = idp_metadata(&app).await;
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("IDPSignout", "true")],
            "At least one of the MetadataURL or MetadataFile should be provided.",
        ),
        (
            vec![("MetadataURL", &metadata_url), ("MetadataFile", &metadata)],
            "Only one of the MetadataURL or MetadataFile should be provided.",
        ),
        (
            vec![("MetadataFile", "<not-metadata/>")],
            "Invalid SAML metadata",
        ),
        (
            vec![(
                "MetadataFile",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
            )],
            "it has a DTD",
        ),
        (
            vec![("MetadataURL", "http://127.0.0.1:9/metadata")],
            "Unable to retrieve the SAML metadata",
        ),
        (
            vec![("MetadataURL", "ftp://idp.example/metadata")],
            "MetadataURL must be an https URL",
        ),
        (
            vec![("MetadataFile", &metadata), ("IDPInit", "yes")],
            "IDPInit must be true or false",
        ),
        (
            vec![
                ("MetadataFile", &metadata),
                ("RequestSigningAlgorithm", "rsa-sha1"),
            ],
            "RequestSigningAlgorithm must be rsa-sha256",
        ),
        (
            vec![("MetadataFile", &metadata), ("client_id", "x")],
            "client_id is not a ProviderDetails key",
        ),
    ];
    for (details, words) in cases {
        let (code, message) = refused(&app, &saml.pool, &details).await;
        assert_eq!(code, "InvalidParameterException", "{details:?}: {message}");
        assert!(message.contains(words), "{details:?}: {message}");
    }

    // A metadata file is as good as its URL, and is shown back as given.
    admin(&app)
        .create_identity_provider()
        .user_pool_id(&saml.pool)
        .provider_name("ByFile")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details("MetadataFile", &metadata)
        .provider_details("EncryptedResponses", "true")
        .send()
        .await
        .expect("created from its metadata file");
    let described = admin(&app)
        .describe_identity_provider()
        .user_pool_id(&saml.pool)
        .provider_name("ByFile")
        .send()
        .await
        .unwrap();
    let details = described
        .identity_provider()
        .unwrap()
        .provider_details()
        .unwrap();
    assert_eq!(details["MetadataFile"], metadata);
    assert!(
        !details["ActiveEncryptionCertificate"].is_empty(),
        "the certificate the IdP encrypts to: {details:?}"
    );
}

#[tokio::test]
async fn an_update_to_another_metadata_source_replaces_the_first() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let (idp, _) = idp();
    let metadata = idp_metadata(&app).await;
    let updated = admin(&app)
        .update_identity_provider()
        .user_pool_id(&saml.pool)
        .provider_name("Corp")
        .provider_details("MetadataFile", &metadata)
        .send()
        .await
        .unwrap();
    let details = updated
        .identity_provider()
        .unwrap()
        .provider_details()
        .unwrap();
    assert!(!details.contains_key("MetadataURL"), "{details:?}");
    assert_eq!(details["SSORedirectBindingURI"], format!("{idp}/sso"));
    // It still signs users in.
    let back = sign_in(&app, &saml, "alice", &[]).await;
    id_claims(&app, &saml, &location(&back)).await;
}
