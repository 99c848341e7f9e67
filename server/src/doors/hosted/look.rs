//! Hosted pages in their app client's look: the stylesheet a client's branding style (or
//! classic UI customization) makes, linked from the page's head before the first byte; and
//! the style's image files, each served with its own type and a year's caching.
//!
//! The stylesheet is written here from checked values only (colours parsed as hex, radii
//! as numbers, asset URLs of this site, classic CSS that passed its allow-list), so the
//! pages' strict Content-Security-Policy (`style-src 'self'`, `img-src 'self'`) holds.

use std::fmt::Write;
use std::sync::Arc;

use app::PageDress;
use app::i18n::{self, PageLanguage};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::doors::cognito_api::looks::ui_logo_path;
use crate::pool::look::{Color, Density, DesignTokens, Palette, ui_rules};
use crate::pool::{
    AssetCategory, Branding, ClientId, ColorMode, PageLook, PoolId, UiCustomization, UserPool,
    digest_of, merged_settings,
};

/// The pages' colour tokens (`style/main.css`), each with the palette member that sets it.
/// Reads one colour of a palette.
type Member = fn(&Palette) -> Option<Color>;

const TOKENS: &[(&str, Member)] = &[
    ("--paper", |p| p.page),
    ("--ink", |p| p.text),
    ("--heading", |p| p.heading),
    ("--muted", |p| p.caption),
    ("--card", |p| p.card),
    ("--line", |p| p.card_border),
    ("--button", |p| p.button),
    ("--button-text", |p| p.button_text),
    ("--link", |p| p.link),
    ("--input", |p| p.input),
    ("--input-line", |p| p.input_border),
    ("--focus", |p| p.focus),
    ("--error", |p| p.error),
    ("--header", |p| p.header),
];

/// Where the classic customization's classes are in Cognate's pages.
const CLASSIC_PLACES: &[(&str, &str)] = &[
    (".background-customizable", ".auth-card"),
    (".banner-customizable", ".site-header"),
    (".errorMessage-customizable", ".form-error p"),
    (".idpButton-customizable", ".provider-button"),
    (".idpButton-customizable:hover", ".provider-button:hover"),
    (".idpDescription-customizable", ".providers p"),
    (".inputField-customizable", ".auth-card input"),
    (".inputField-customizable:focus", ".auth-card input:focus"),
    (".label-customizable", ".auth-card label"),
    (".legalText-customizable", ".legal"),
    (".logo-customizable", ".auth-card::before"),
    (
        ".passwordCheck-notValid-customizable",
        ".checklist .rule:not(.met)",
    ),
    (".passwordCheck-valid-customizable", ".checklist .rule.met"),
    (".redirect-customizable", ".aside a"),
    (".socialButton-customizable", ".provider-button"),
    (
        ".submitButton-customizable",
        ".auth-card button[type=\"submit\"]:not(.link-button)",
    ),
    (
        ".submitButton-customizable:hover",
        ".auth-card button[type=\"submit\"]:not(.link-button):hover",
    ),
    (".textDescription-customizable", ".auth-card p"),
];

fn palette_css(palette: &Palette) -> String {
    TOKENS
        .iter()
        .filter_map(|(name, member)| {
            member(palette).map(|color| format!("{name}:{};", color.css()))
        })
        .collect()
}

fn asset_url(branding: &Branding, category: AssetCategory, mode: ColorMode) -> Option<String> {
    branding.asset(category, mode).map(|asset| {
        format!(
            "/branding/{}/{}/{}?v={}",
            branding.id,
            asset.category.as_str(),
            asset.color_mode.as_str(),
            asset.digest
        )
    })
}

/// The rules that show a style's images in one colour mode.
fn image_rules(branding: &Branding, mode: ColorMode) -> String {
    let mut css = String::new();
    if let Some(url) = asset_url(branding, AssetCategory::FormLogo, mode) {
        let _ = write!(
            css,
            ".auth-card::before{{content:\"\";display:block;height:4rem;margin:0 auto 1rem;\
             background:url(\"{url}\") center/contain no-repeat}}"
        );
    }
    if let Some(url) = asset_url(branding, AssetCategory::PageHeaderLogo, mode) {
        let _ = write!(
            css,
            ".brand-mark{{display:inline-block;width:2rem;height:2rem;color:transparent;\
             background:url(\"{url}\") center/contain no-repeat}}"
        );
    }
    if let Some(url) = asset_url(branding, AssetCategory::PageBackground, mode) {
        let _ = write!(
            css,
            "body{{background:var(--paper) url(\"{url}\") center/cover}}"
        );
    }
    if let Some(url) = asset_url(branding, AssetCategory::FormBackground, mode) {
        let _ = write!(
            css,
            ".auth-card{{background:var(--card) url(\"{url}\") center/cover}}"
        );
    }
    css
}

/// The stylesheet of a branding style: Cognate's defaults under its settings, in its
/// colour scheme, with its radii, spacing and images.
fn branding_css(branding: &Branding) -> String {
    let tokens = DesignTokens::read(&merged_settings(branding));
    let mut css = String::new();
    let light = palette_css(&tokens.light);
    let dark = palette_css(&tokens.dark);
    match tokens.scheme.unwrap_or(ColorMode::Dynamic) {
        ColorMode::Light => {
            let _ = write!(css, ":root{{color-scheme:light;{light}}}");
            css.push_str(&image_rules(branding, ColorMode::Light));
        }
        ColorMode::Dark => {
            let _ = write!(css, ":root{{color-scheme:dark;{dark}}}");
            css.push_str(&image_rules(branding, ColorMode::Dark));
        }
        ColorMode::Dynamic => {
            let _ = write!(css, ":root{{color-scheme:light dark;{light}}}");
            css.push_str(&image_rules(branding, ColorMode::Light));
            let _ = write!(
                css,
                "@media (prefers-color-scheme:dark){{:root{{{dark}}}{}}}",
                image_rules(branding, ColorMode::Dark)
            );
        }
    }
    let mut radii = String::new();
    for (name, radius) in [
        ("--radius-button", tokens.button_radius),
        ("--radius-input", tokens.input_radius),
        ("--radius-card", tokens.form_radius),
    ] {
        if let Some(radius) = radius {
            let _ = write!(radii, "{name}:{radius}px;");
        }
    }
    if let Some(density) = tokens.density {
        let space = match density {
            Density::Compact => "0.75",
            Density::Regular => "1",
            Density::Spacious => "1.35",
        };
        let _ = write!(radii, "--space:{space};");
    }
    if !radii.is_empty() {
        let _ = write!(css, ":root{{{radii}}}");
    }
    css
}

/// The stylesheet of a classic customization: its logo, and its CSS with each class moved
/// to where the class's element is in Cognate's pages.
fn classic_css(customization: &UiCustomization) -> String {
    let mut css = String::new();
    if let Some(path) = ui_logo_path(customization) {
        let _ = write!(
            css,
            ".auth-card::before{{content:\"\";display:block;height:4rem;margin:0 auto 1rem;\
             background:url(\"{path}\") center/contain no-repeat}}"
        );
    }
    let rules = customization
        .css
        .as_deref()
        .and_then(|given| ui_rules(given).ok())
        .unwrap_or_default();
    for (selectors, declarations) in rules {
        let places: Vec<&str> = selectors
            .iter()
            .filter_map(|selector| {
                CLASSIC_PLACES
                    .iter()
                    .find(|(class, _)| class == selector)
                    .map(|(_, place)| *place)
            })
            .collect();
        let body: String = declarations
            .iter()
            .map(|(property, value)| format!("{property}:{value};"))
            .collect();
        let _ = write!(css, "{}{{{body}}}", places.join(","));
    }
    css
}

/// The stylesheet of a page's look; `None` when it is Cognate's own.
pub fn stylesheet(look: &PageLook) -> Option<String> {
    match (&look.branding, &look.classic) {
        (Some(branding), _) if branding.use_cognito_provided_values => None,
        (Some(branding), _) => Some(branding_css(branding)),
        (None, Some(classic)) => Some(classic_css(classic)),
        (None, None) => None,
    }
}

/// The favicon of a branding style (an SVG one first), with its media type.
fn favicon(look: &PageLook) -> Option<(String, &'static str)> {
    let branding = look.branding.as_ref()?;
    [
        (AssetCategory::FaviconSvg, "image/svg+xml"),
        (AssetCategory::FaviconIco, "image/x-icon"),
    ]
    .into_iter()
    .find_map(|(category, media)| {
        asset_url(branding, category, ColorMode::Light).map(|url| (url, media))
    })
}

/// The pages an app client's look dresses: the sign-in flow's.
const DRESSED: &[&str] = &[
    "/login",
    "/signup",
    "/confirmUser",
    "/forgotPassword",
    "/confirmForgotPassword",
    "/newPassword",
    "/mfa",
    "/passkey",
    "/oauth2/continue",
    "/account",
    "/feedback",
];

/// A parameter of the request's query, if given (read leniently: a malformed or
/// repeated parameter never refuses the page).
fn query_param(request: &Request, name: &str) -> Option<String> {
    form_urlencoded::parse(request.uri().query()?.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The language of a request's page: the `lang` parameter (as Cognito's managed login
/// takes it on `/oauth2/authorize` and `/login`), else the one it chose before (the
/// cookie), else the browser's (`Accept-Language`), else English. Also says whether the
/// parameter chose it.
fn page_language(request: &Request) -> (&'static str, bool) {
    if let Some(chosen) = query_param(request, "lang").and_then(|tag| i18n::supported(&tag)) {
        return (chosen, true);
    }
    let kept =
        app::port::cookie(request.headers(), i18n::COOKIE).and_then(|tag| i18n::supported(&tag));
    let browser = || {
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(i18n::negotiate)
    };
    (kept.or_else(browser).unwrap_or(i18n::DEFAULT), false)
}

/// Before any request is answered: chooses its language (kept in a cookie when a `lang`
/// parameter chose it, so the whole flow keeps it) and, for a page of the sign-in flow,
/// looks up its app client's look (the `client_id` it carries, else the default client)
/// and puts the link to its stylesheet on the request for the page's head.
pub async fn dress(
    State(hosted): State<Arc<super::Hosted>>,
    mut request: Request,
    next: Next,
) -> Response {
    let (language, chosen_now) = page_language(&request);
    request.extensions_mut().insert(PageLanguage(language));
    if request.method() == axum::http::Method::GET && DRESSED.contains(&request.uri().path()) {
        let client = query_param(&request, "client_id")
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| hosted.default_client.as_str().to_string());
        match hosted.pool.page_look(&client).await {
            Ok(look) => {
                let dress = PageDress {
                    stylesheet: stylesheet(&look).map(|css| {
                        format!(
                            "/branding/client/{client}/style.css?v={}",
                            digest_of(css.as_bytes())
                        )
                    }),
                    favicon: favicon(&look),
                };
                request.extensions_mut().insert(dress);
            }
            Err(error) => tracing::warn!(%error, "cannot read the client's look"),
        }
    }
    let mut response = next.run(request).await;
    if chosen_now {
        let secure = if hosted.secure { "; Secure" } else { "" };
        let cookie = format!(
            "{}={language}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}",
            i18n::COOKIE
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A year, for files whose URL changes with their content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `GET /branding/client/{client_id}/style.css`: the client's stylesheet.
pub async fn client_stylesheet(
    State(pool): State<Arc<UserPool>>,
    Path(client_id): Path<String>,
) -> Response {
    let css = match pool.page_look(&client_id).await {
        Ok(look) => stylesheet(&look).unwrap_or_default(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            // The URL carries the sheet's digest; a changed look is a new URL.
            (header::CACHE_CONTROL, IMMUTABLE),
        ],
        css,
    )
        .into_response()
}

/// What an image is served with: its type, a year's caching, and for an SVG opened on its
/// own a policy under which nothing in it runs or loads.
fn image_response(content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, IMMUTABLE),
        ],
        bytes,
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    response
}

/// `GET /branding/{branding_id}/{category}/{mode}`: one image of a style.
pub async fn branding_asset(
    State(pool): State<Arc<UserPool>>,
    Path((branding_id, category, mode)): Path<(String, String, String)>,
) -> Response {
    let (Some(category), Some(mode)) = (AssetCategory::parse(&category), ColorMode::parse(&mode))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match pool.branding_asset(&branding_id, category, mode).await {
        Ok(Some(asset)) => image_response(asset.extension.content_type(), asset.bytes),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `GET /branding/ui/{pool_id}/{client_id or ALL}/{file}`: a UI customization's logo.
pub async fn ui_logo(
    State(pool): State<Arc<UserPool>>,
    Path((pool_id, client_id, _file)): Path<(String, String, String)>,
) -> Response {
    let Some(pool_id) = PoolId::parse(&pool_id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let client = match client_id.as_str() {
        "ALL" => None,
        id => match ClientId::parse(id) {
            Some(id) => Some(id),
            None => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    match pool.ui_logo(&pool_id, client.as_ref()).await {
        Ok(Some((extension, bytes))) => image_response(extension.content_type(), bytes),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::default_settings;

    /// The value `style/main.css` gives `token` in the block that starts at `start`.
    fn declared<'a>(css: &'a str, start: &str, token: &str) -> Option<&'a str> {
        let block = &css[css.find(start)?..];
        let block = &block[..block.find('}')?];
        let at = block.find(&format!("{token}:"))?;
        let value = &block[at + token.len() + 1..];
        Some(value[..value.find(';')?].trim())
    }

    #[test]
    fn the_pages_default_look_is_the_default_branding_settings() {
        let css = include_str!("../../../../style/main.css");
        let tokens = DesignTokens::read(default_settings());
        let dark_start = "@media (prefers-color-scheme: dark)";
        for (name, member) in TOKENS {
            let light = member(&tokens.light).expect("every token has a light default");
            let dark = member(&tokens.dark).expect("every token has a dark default");
            assert_eq!(
                declared(css, ":root {", name),
                Some(light.css().as_str()),
                "{name}"
            );
            assert_eq!(
                declared(css, dark_start, name),
                Some(dark.css().as_str()),
                "{name} (dark)"
            );
        }
    }

    #[test]
    fn a_classic_customization_lands_on_the_pages_elements() {
        let customization = UiCustomization {
            pool_id: PoolId::parse("us-east-1_abc").unwrap(),
            client_id: None,
            css: Some(".submitButton-customizable, .label-customizable { color: #123456 }".into()),
            image: Some((crate::pool::AssetExtension::Png, "00ff".into())),
            created_at: crate::clock::Timestamp(0),
            updated_at: crate::clock::Timestamp(0),
        };
        let css = classic_css(&customization);
        assert!(
            css.contains("/branding/ui/us-east-1_abc/ALL/logo.png?v=00ff"),
            "{css}"
        );
        assert!(
            css.contains(
                ".auth-card button[type=\"submit\"]:not(.link-button),.auth-card label{color:#123456;}"
            ),
            "{css}"
        );
    }
}
