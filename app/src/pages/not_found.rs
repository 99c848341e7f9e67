//! The page for any path no route matches, served with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::HydrationMark;
use crate::ids;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Page not found" />
        <HydrationMark />
        <section class="notice">
            <h1 data-testid=ids::NOT_FOUND_TITLE>"Page not found"</h1>
            <p>"There is no page at this address."</p>
            <p><a href="/">"Go to the home page"</a></p>
        </section>
    }
}
