//! The frame around every hosted page: product name, navigation, footer.

use leptos::prelude::*;

use crate::ids;

/// Wraps a page; marks the root as hydrated once the browser has taken over, which the
/// end-to-end tests wait for before they interact.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser, so this flips only after hydration.
    Effect::new(move |_| set_hydrated.set(true));

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
                    <a href="/login" data-testid=ids::NAV_SIGN_IN>"Sign in"</a>
                </nav>
            </header>
            <main class="content">{children()}</main>
            <footer class="site-footer">
                "Cognate — a self-hosted user pool with the shape of Amazon Cognito."
            </footer>
        </div>
    }
}
