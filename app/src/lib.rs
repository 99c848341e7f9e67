//! Cognate's hosted pages: the Leptos shell, routes and pages, shared by server and browser.

pub mod components;
pub mod dto;
pub mod error;
pub mod i18n;
pub mod ids;
pub mod links;
pub mod pages;
/// The password policy, from its own crate: the domain reads the same rules.
pub use password_policy as policy;
#[cfg(feature = "ssr")]
pub mod port;
pub mod server_fns;
pub mod sigv4;
pub mod webauthn;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::pages::auth::{
    ConfirmForgotPasswordPage, ConfirmUserPage, ContinuePage, ForgotPasswordPage, LoginPage,
    NewPasswordPage, PasskeyOfferPage, SignUpPage,
};
use crate::pages::{
    account::AccountPage, demo::DemoPage, docs::DocsPage, feedback::FeedbackPage, home::HomePage,
    mfa::MfaPage, not_found::NotFound,
};

/// The HTML document the server renders around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy(&options);
    let dress = PageDress::of_request();
    let favicon = dress
        .favicon
        .unwrap_or_else(|| ("/favicon.svg".to_string(), "image/svg+xml"));
    // The app's own look, after the pages' stylesheet: in the first byte, so no page is
    // ever drawn in Cognate's look first.
    let branded = dress
        .stylesheet
        .map(|href| view! { <link rel="stylesheet" href=href data-testid=ids::BRAND_STYLE /> });
    #[cfg(feature = "ssr")]
    let (lang, words) = (i18n::page_words().lang.clone(), i18n::page_words_json());
    #[cfg(not(feature = "ssr"))]
    let (lang, words) = (i18n::DEFAULT.to_string(), "{}");
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type=favicon.1 href=favicon.0 />
                <link id="leptos" rel="stylesheet" href="/pkg/cognate.css" />
                {branded}
                // The page's words, for its islands (not a script the browser runs).
                // The words' element carries the response's nonce too: every script element
                // of a page has it (a test counts them).
                <script
                    type="application/json"
                    id=i18n::WORDS_ELEMENT
                    nonce=leptos::nonce::use_nonce()
                    inner_html=words
                ></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// How the server dresses a page for its app client: the stylesheet of the client's
/// branding style or UI customization, and its favicon (href, media type). The server sets
/// it on the request before the page renders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageDress {
    pub stylesheet: Option<String>,
    pub favicon: Option<(String, &'static str)>,
}

impl PageDress {
    /// This request's dress (only the server renders the shell).
    fn of_request() -> Self {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<PageDress>().cloned())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            Self::default()
        }
    }
}

/// Called once the page's islands are hydrated: makes the browser bundle link this crate,
/// whose islands' entry points it exports.
#[inline(never)]
pub fn islands_linked() {
    #[cfg(feature = "hydrate")]
    leptos::logging::debug_warn!("islands hydrated");
}

/// The hosted pages' router.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { "Cognate".to_string() } else { format!("{page} · Cognate") }
        } />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/docs") view=DocsPage ssr=SsrMode::Async />
                    // Rendered whole before the first byte: the forms' checklist and the
                    // demo's data must be in the HTML for browsers without JavaScript, and
                    // /demo must be able to answer with a redirect.
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/confirmUser") view=ConfirmUserPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/forgotPassword")
                        view=ForgotPasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/confirmForgotPassword")
                        view=ConfirmForgotPasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/newPassword") view=NewPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/mfa") view=MfaPage ssr=SsrMode::Async />
                    <Route path=path!("/passkey") view=PasskeyOfferPage />
                    <Route
                        path=path!("/oauth2/continue")
                        view=ContinuePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/demo") view=DemoPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account")
                        view=AccountPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/feedback") view=FeedbackPage />
                </Routes>
            </Layout>
        </Router>
    }
}

/// Origins besides this site's that the pages' scripts may call (`connect-src`): the demo
/// page's S3 server, when one is configured. The server provides it as a context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectSources(pub Vec<String>);

/// A strict Content-Security-Policy for every page: scripts only with this response's nonce
/// (Leptos puts it on its hydration scripts) and what they load; WebAssembly allowed to
/// compile; everything else from this site only, and no framing. There is no
/// `form-action`: browsers apply it to the redirects after a form post too, and a sign-in
/// that an app started (OAuth) ends with a redirect to the app's registered callback.
#[cfg(feature = "ssr")]
fn content_security_policy(options: &LeptosOptions) {
    use http::HeaderValue;
    use http::header::CONTENT_SECURITY_POLICY;

    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    // `cargo leptos watch` reloads the page over a websocket on its reload port.
    let live_reload = if std::env::var_os("LEPTOS_WATCH").is_some() {
        format!(" ws://{}:{}", options.site_addr.ip(), options.reload_port)
    } else {
        String::new()
    };
    let extra: String = use_context::<ConnectSources>()
        .map(|sources| {
            sources
                .0
                .iter()
                .map(|origin| format!(" {origin}"))
                .collect()
        })
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{extra}{live_reload}; \
         frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
