//! The classic UI customization, terms documents, and the request size only branding may
//! use.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::primitives::Blob;
use aws_sdk_cognitoidentityprovider::types::{TermsEnforcementType, TermsSourceType};

use super::{PNG, brand_stylesheet, pool_with_clients};
use crate::cognito_admin::admin;
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_classic_customization_needs_a_domain_takes_only_its_classes_and_falls_back_to_the_pools()
 {
    let app = spawn_app().await;
    let sdk = admin(&app);
    let (pool, shop, plain) = pool_with_clients(&sdk).await;
    let css = ".submitButton-customizable { background-color: #7a1f5c; } .label-customizable { font-weight: 700 }";

    let no_domain = sdk
        .set_ui_customization()
        .user_pool_id(&pool)
        .css(css)
        .send()
        .await
        .unwrap_err();
    assert_eq!(no_domain.code(), Some("InvalidParameterException"));
    assert!(no_domain.message().unwrap().contains("domain"));

    sdk.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain("branded-shop")
        .send()
        .await
        .unwrap();
    let set = sdk
        .set_ui_customization()
        .user_pool_id(&pool)
        .client_id("ALL")
        .css(css)
        .image_file(Blob::new(PNG))
        .send()
        .await
        .unwrap()
        .ui_customization
        .unwrap();
    assert_eq!(set.css(), Some(css));
    let image_url = set.image_url().expect("the logo's URL").to_string();
    assert!(image_url.starts_with(&app.address), "{image_url}");
    let logo = app.http.get(&image_url).send().await.unwrap();
    assert_eq!(logo.headers()["content-type"], "image/png");

    // A client without its own takes the pool's.
    let plain_view = sdk
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id(&plain)
        .send()
        .await
        .unwrap();
    assert_eq!(plain_view.ui_customization().unwrap().css(), Some(css));
    let page = app
        .get(&format!("/login?client_id={plain}"))
        .await
        .text()
        .await
        .unwrap();
    let sheet = app
        .get(&brand_stylesheet(&page).expect("the classic look"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        sheet.contains(
            ".auth-card button[type=\"submit\"]:not(.link-button){background-color:#7a1f5c;}"
        ),
        "{sheet}"
    );

    // Hostile CSS is refused whole, and what was set stays.
    for hostile in [
        ".label-customizable { background-color: url(https://evil.example/leak) }",
        "@import url(https://evil.example/x.css); .label-customizable { color: red }",
        "body { display: none }",
        ".label-customizable { color: red } </style><script>alert(1)</script>",
    ] {
        let error = sdk
            .set_ui_customization()
            .user_pool_id(&pool)
            .client_id(&shop)
            .css(hostile)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("InvalidParameterException"), "{hostile}");
    }
    let not_an_image = sdk
        .set_ui_customization()
        .user_pool_id(&pool)
        .client_id(&shop)
        .image_file(Blob::new(b"<svg/>".to_vec()))
        .send()
        .await
        .unwrap_err();
    assert_eq!(not_an_image.code(), Some("InvalidParameterException"));
    let shop_view = sdk
        .get_ui_customization()
        .user_pool_id(&pool)
        .client_id(&shop)
        .send()
        .await
        .unwrap();
    assert_eq!(
        shop_view.ui_customization().unwrap().css(),
        Some(css),
        "the pool's, still"
    );
    app.stop().await;
}

#[tokio::test]
async fn terms_are_one_of_each_name_a_client_listed_in_pages_and_refused_when_malformed() {
    let app = spawn_app().await;
    let sdk = admin(&app);
    let (pool, shop, plain) = pool_with_clients(&sdk).await;
    let create = |client: &str, name: &str| {
        sdk.create_terms()
            .user_pool_id(&pool)
            .client_id(client)
            .terms_name(name)
            .terms_source(TermsSourceType::Link)
            .enforcement(TermsEnforcementType::None)
            .links("cognito:default", "https://shop.example/terms")
            .links("cognito:german", "https://shop.example/de/agb")
    };
    let terms = create(&shop, "terms-of-use")
        .send()
        .await
        .unwrap()
        .terms
        .unwrap();
    assert_eq!(terms.links().len(), 2);
    let twice = create(&shop, "terms-of-use").send().await.unwrap_err();
    assert_eq!(twice.code(), Some("TermsExistsException"));
    create(&shop, "privacy-policy").send().await.unwrap();
    create(&plain, "terms-of-use").send().await.unwrap();

    let by_client = sdk
        .describe_terms_by_client()
        .user_pool_id(&pool)
        .client_id(&shop)
        .terms_name("terms-of-use")
        .send()
        .await
        .unwrap();
    assert_eq!(by_client.terms().unwrap().terms_id(), terms.terms_id());

    // Listed a page at a time.
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = sdk
            .list_terms()
            .user_pool_id(&pool)
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen.extend(page.terms().iter().map(|t| t.terms_id().to_string()));
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 3);

    let updated = sdk
        .update_terms()
        .user_pool_id(&pool)
        .terms_id(terms.terms_id())
        .links("cognito:default", "https://shop.example/terms-2027")
        .send()
        .await
        .unwrap()
        .terms
        .unwrap();
    assert_eq!(updated.links().len(), 1);
    let renamed = sdk
        .update_terms()
        .user_pool_id(&pool)
        .terms_id(terms.terms_id())
        .terms_name("privacy-policy")
        .send()
        .await
        .unwrap_err();
    assert_eq!(renamed.code(), Some("TermsExistsException"));

    for (language, link) in [
        ("cognito:klingon", "https://shop.example/tlh"),
        ("cognito:default", "javascript:alert(1)"),
    ] {
        let error = sdk
            .create_terms()
            .user_pool_id(&pool)
            .client_id(&plain)
            .terms_name("privacy-policy")
            .terms_source(TermsSourceType::Link)
            .enforcement(TermsEnforcementType::None)
            .links(language, link)
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            error.code(),
            Some("InvalidParameterException"),
            "{language} {link}"
        );
    }

    sdk.delete_terms()
        .user_pool_id(&pool)
        .terms_id(terms.terms_id())
        .send()
        .await
        .unwrap();
    let gone = sdk
        .describe_terms()
        .user_pool_id(&pool)
        .terms_id(terms.terms_id())
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("ResourceNotFoundException"));
    app.stop().await;
}

#[tokio::test]
async fn only_the_branding_operations_may_send_large_bodies() {
    let app = spawn_app().await;
    let sdk = admin(&app);
    let (pool, _, _) = pool_with_clients(&sdk).await;
    let error = sdk
        .update_user_pool()
        .user_pool_id(&pool)
        .email_verification_message("x{####}".repeat(60_000))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameterException"));
    assert!(
        error.message().unwrap().contains("larger than"),
        "{:?}",
        error.message()
    );
    app.stop().await;
}
