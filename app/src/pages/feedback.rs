//! The page a risk notice's links lead to: the user says whether a sign-in was them
//! (Cognito's UpdateAuthEventFeedback, with the email's one-use token). The link only
//! opens the page; the answer is a form the user sends, so that a mail scanner that
//! follows links answers nothing.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FormError, failure, query_param};
use crate::components::layout::mark_hydrated;
use crate::ids;
use crate::server_fns::AuthEventFeedback;

/// The fields every answer carries, from the link.
#[component]
fn LinkFields() -> impl IntoView {
    view! {
        <input type="hidden" name="pool_id" value=query_param("pool_id") />
        <input type="hidden" name="username" value=query_param("username") />
        <input type="hidden" name="event_id" value=query_param("event_id") />
        <input type="hidden" name="feedback_token" value=query_param("feedback_token") />
    }
}

#[island(lazy)]
pub fn FeedbackPage() -> impl IntoView {
    mark_hydrated();
    let said_valid = ServerAction::<AuthEventFeedback>::new();
    let said_invalid = ServerAction::<AuthEventFeedback>::new();
    let done = query_param("done");
    let asked = query_param("feedback_value");
    let username = query_param("username");
    view! {
        <Title text="Was this you?" />
        <section class="auth-card" aria-labelledby="page-title">
            {move || match done.get().as_str() {
                "valid" => {
                    view! {
                        <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Thank you"</h1>
                        <p role="status" data-testid=ids::FEEDBACK_DONE>
                            "We noted that this sign-in was you."
                        </p>
                    }
                        .into_any()
                }
                "invalid" => {
                    view! {
                        <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Thank you"</h1>
                        <p role="status" data-testid=ids::FEEDBACK_DONE>
                            "We noted that this sign-in was not you. Change your password now, \
                             then sign out everywhere from your account page."
                        </p>
                        <p>
                            <a href="/forgotPassword">"Reset your password"</a>
                        </p>
                    }
                        .into_any()
                }
                _ => {
                    view! {
                        <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Was this you?"</h1>
                        <p>
                            "We emailed you about a sign-in to the account "
                            <strong>{move || username.get()}</strong>
                            " that did not look like you. Tell us whether it was."
                        </p>
                        <ActionForm action=said_valid>
                            <LinkFields />
                            <input type="hidden" name="feedback_value" value="valid" />
                            <FormError error=failure(said_valid.value()) />
                            <button
                                type="submit"
                                class=move || (asked.get() != "valid").then_some("secondary")
                                data-testid=ids::FEEDBACK_VALID
                            >
                                "Yes, it was me"
                            </button>
                        </ActionForm>
                        <ActionForm action=said_invalid>
                            <LinkFields />
                            <input type="hidden" name="feedback_value" value="invalid" />
                            <FormError error=failure(said_invalid.value()) />
                            <button
                                type="submit"
                                class=move || (asked.get() == "valid").then_some("secondary")
                                data-testid=ids::FEEDBACK_INVALID
                            >
                                "No, it was not me"
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
