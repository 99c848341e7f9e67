//! The browser entry point: hydrates the server-rendered hosted pages.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Only the pages' islands hydrate; the rest of each page is the server's HTML.
    leptos::mount::hydrate_islands();
    // The islands' entry points are in the app crate: using it links them in.
    app::islands_linked();
}
