//! The browser entry point: hydrates the server-rendered hosted pages.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronous hydration: a lazy route's chunk is fetched before its page hydrates.
    leptos::mount::hydrate_lazy(app::App);
}
