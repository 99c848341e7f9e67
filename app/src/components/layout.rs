//! The frame around every hosted page: product name, navigation, footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::ids;
use crate::server_fns::signed_in_as;

/// Wraps a page; marks the root as hydrated once the browser has taken over, which the
/// end-to-end tests wait for before they interact.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser, so this flips only after hydration.
    Effect::new(move |_| set_hydrated.set(true));
    // Read again on every navigation: signing in or out moves to another page.
    let path = use_location().pathname;
    let who = Resource::new(move || path.get(), |_| signed_in_as());
    let sign_in = || view! { <a href="/login" data-testid=ids::NAV_SIGN_IN>"Sign in"</a> };

    view! {
        <div
            class="app"
            data-testid=ids::APP_ROOT
            data-hydrated=move || if hydrated.get() { "true" } else { "false" }
        >
            <header class="site-header">
                <a class="brand" href="/" data-testid=ids::NAV_HOME>
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "Cognate"
                </a>
                <nav aria-label="Main">
                    <a href="/docs" data-testid=ids::NAV_DOCS>"Docs"</a>
                    <a href="/demo" data-testid=ids::NAV_DEMO>"Demo"</a>
                    <Suspense fallback=sign_in>
                        {move || {
                            match who.get().and_then(Result::ok).flatten() {
                                Some(name) => {
                                    let label = format!("Your account ({name})");
                                    view! {
                                        <a
                                            href="/account"
                                            aria-label=label
                                            data-testid=ids::NAV_ACCOUNT
                                        >
                                            {name}
                                        </a>
                                        <a href="/logout" rel="external" data-testid=ids::NAV_SIGN_OUT>
                                            "Sign out"
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
                "Cognate — a self-hosted user pool with the shape of Amazon Cognito."
            </footer>
        </div>
    }
}
