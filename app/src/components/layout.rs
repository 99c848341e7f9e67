//! The frame around every hosted page: product name, navigation, footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{t, t_with};
use crate::ids;
use crate::server_fns::signed_in_as;

/// Marks the page's root as hydrated once the browser has taken over the page's islands,
/// which the end-to-end tests wait for before they interact. Each island calls it; effects
/// run only in the browser, after the islands present at load have all hydrated.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| {
                document
                    .query_selector(&format!("[data-testid=\"{}\"]", ids::APP_ROOT))
                    .ok()
                    .flatten()
            })
        {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// Sends the browser to `path`: the server's redirect when it renders the page, the
/// address bar's in the browser (an island has no router to redirect with).
#[component]
pub fn GoTo(path: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(path);
    #[cfg(not(feature = "ssr"))]
    crate::webauthn::go(path);
}

/// For a page without a form: an island that only marks the page hydrated.
#[island]
pub fn HydrationMark() -> impl IntoView {
    mark_hydrated();
}

/// Wraps a page. Only the server renders it: the pages' islands are what the browser
/// hydrates.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    // Read again on every navigation: signing in or out moves to another page.
    let path = use_location().pathname;
    let who = Resource::new(move || path.get(), |_| signed_in_as());
    let sign_in = || view! { <a href="/login" data-testid=ids::NAV_SIGN_IN>{t("nav-sign-in")}</a> };

    view! {
        <div
            class="app"
            data-testid=ids::APP_ROOT
            data-hydrated="false"
        >
            <header class="site-header">
                <a class="brand" href="/" data-testid=ids::NAV_HOME>
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "Cognate"
                </a>
                <nav aria-label=t("nav-label")>
                    <a href="/docs" data-testid=ids::NAV_DOCS>{t("nav-docs")}</a>
                    <a href="/demo" data-testid=ids::NAV_DEMO>{t("nav-demo")}</a>
                    <Suspense fallback=sign_in>
                        {move || {
                            match who.get().and_then(Result::ok).flatten() {
                                Some(name) => {
                                    let label = t_with("nav-account", &[("name", &name)]);
                                    view! {
                                        <a
                                            href="/account"
                                            aria-label=label
                                            data-testid=ids::NAV_ACCOUNT
                                        >
                                            {name}
                                        </a>
                                        <a href="/logout" rel="external" data-testid=ids::NAV_SIGN_OUT>
                                            {t("nav-sign-out")}
                                        </a>
                                    }
                                        .into_any()
                                }
                                None => sign_in().into_any(),
                            }
                        }}
                    </Suspense>
                </nav>
            </header>
            <main class="content">{children()}</main>
            <footer class="site-footer">
                {t("footer")}
            </footer>
        </div>
    }
}
