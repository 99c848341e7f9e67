//! Pieces every hosted form shares: the flow's hidden fields, the error and notice lines.

use leptos::prelude::*;

use crate::error::{UiError, UiErrorKind};
use crate::i18n::t;
use crate::ids;
use crate::links;

/// The error of an action's last run, if it failed.
pub fn failure(
    value: impl Get<Value = Option<Result<(), UiError>>> + Copy + Send + Sync + 'static,
) -> Signal<Option<UiError>> {
    Signal::derive(move || value.get().and_then(Result::err))
}

/// A query parameter of the current page, empty when absent: the router's on the server,
/// the address bar's in the browser (an island has no router).
pub fn query_param(name: &'static str) -> Signal<String> {
    #[cfg(feature = "hydrate")]
    {
        let value = web_sys::window()
            .and_then(|window| window.location().search().ok())
            .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
            .and_then(|params| params.get(name))
            .unwrap_or_default();
        Signal::stored(value)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let query = leptos_router::hooks::use_query_map();
        Signal::derive(move || query.read().get(name).unwrap_or_default())
    }
}

/// The parameters that travel through the whole flow, as hidden fields.
#[component]
pub fn FlowFields() -> impl IntoView {
    let client_id = query_param("client_id");
    let next = query_param("next");
    view! {
        <input type="hidden" name="client_id" value=client_id />
        <input type="hidden" name="next" value=next />
    }
}

/// The failure of the form's last submission, read out by screen readers and given the
/// keyboard's focus (so that a keyboard user lands on what went wrong); for an unconfirmed
/// user, a way to confirm.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<UiError>>) -> impl IntoView {
    let client_id = query_param("client_id");
    let next = query_param("next");
    let shown = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if error.get().is_some()
            && let Some(element) = shown.get()
        {
            let _ = element.focus();
        }
    });
    view! {
        <div
            class="form-error"
            role="alert"
            aria-live="assertive"
            tabindex="-1"
            node_ref=shown
            data-testid=ids::FORM_ERROR
        >
            {move || {
                error
                    .get()
                    .map(|error| {
                        let link = match error.kind {
                            UiErrorKind::UserNotConfirmed => Some((
                                links::page(
                                    "/confirmUser",
                                    &[("client_id", &client_id.get()), ("next", &next.get())],
                                ),
                                t("enter-confirmation-code"),
                            )),
                            _ => None,
                        };
                        view! {
                            <p>{error.message.clone()}</p>
                            {link
                                .map(|(href, text)| {
                                    view! {
                                        <p>
                                            <a href=href data-testid=ids::CONFIRM_LINK>
                                                {text}
                                            </a>
                                        </p>
                                    }
                                })}
                        }
                    })
            }}
        </div>
    }
}

/// A line of good news (a code was sent, an account confirmed).
#[component]
pub fn FormNotice(#[prop(into)] notice: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="form-notice" role="status" aria-live="polite" data-testid=ids::FORM_NOTICE>
            {move || notice.get().map(|text| view! { <p>{text}</p> })}
        </div>
    }
}
