//! Cognate's hosted pages: the Leptos shell, routes and pages, shared by server and browser.

pub mod components;
pub mod ids;
pub mod pages;
pub mod policy;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::pages::{docs::DocsPage, home::HomePage, not_found::NotFound};

/// The HTML document the server renders around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The hosted pages' router.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="leptos" href="/pkg/cognate.css" />
        <Title formatter=|page: String| {
            if page.is_empty() { "Cognate".to_string() } else { format!("{page} · Cognate") }
        } />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/docs") view=DocsPage />
                </Routes>
            </Layout>
        </Router>
    }
}
