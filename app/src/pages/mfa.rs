//! `/mfa`: the second step of a sign-in, after the password. `step` says which: a code
//! from the authenticator app (`app`), an emailed code (`email`), a choice between them
//! (`select`), or setting an app up where the pool requires MFA (`setup`). The step itself
//! waits in an HttpOnly cookie for three minutes, as the new-password step does.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FlowFields, FormError, FormNotice, failure, query_param};
use crate::components::layout::mark_hydrated;
use crate::ids;
use crate::links;
use crate::server_fns::{MfaChoose, MfaCode, MfaSetup, mfa_setup_secret};

#[island(lazy)]
pub fn MfaPage() -> impl IntoView {
    mark_hydrated();
    let step = query_param("step");
    view! {
        <Title text="Verify it's you" />
        <section class="auth-card" aria-labelledby="page-title">
            {move || match step.get().as_str() {
                "email" => view! { <CodeStep step="email" /> }.into_any(),
                "select" => view! { <ChooseStep /> }.into_any(),
                "setup" => view! { <SetupStep /> }.into_any(),
                _ => view! { <CodeStep step="app" /> }.into_any(),
            }}
            <p class="aside">
                <a href=back_to_sign_in() data-testid=ids::SIGN_IN_LINK>
                    "Back to sign in"
                </a>
            </p>
        </section>
    }
}

/// The sign-in page again, keeping the flow.
fn back_to_sign_in() -> Signal<String> {
    let client_id = query_param("client_id");
    let next = query_param("next");
    let username = query_param("username");
    Signal::derive(move || {
        links::page(
            "/login",
            &[
                ("client_id", &client_id.get()),
                ("username", &username.get()),
                ("next", &next.get()),
            ],
        )
    })
}

/// The code's field, as every code form has it.
#[component]
fn CodeField(label: &'static str) -> impl IntoView {
    view! {
        <label for="code">{label}</label>
        <input
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6,8}"
            maxlength="8"
            required
            autofocus
            data-testid=ids::CODE_INPUT
        />
    }
}

/// A code from the app or the email.
#[component]
fn CodeStep(step: &'static str) -> impl IntoView {
    let action = ServerAction::<MfaCode>::new();
    let pending = action.pending();
    let username = query_param("username");
    let to = query_param("to");
    let (title, label) = if step == "email" {
        ("Check your email", "Code from the email")
    } else {
        (
            "Enter your authentication code",
            "Code from your authenticator app",
        )
    };
    let notice = Signal::derive(move || {
        Some(if step == "email" {
            "We emailed you a code. It works for 3 minutes."
        } else {
            "Open your authenticator app and enter the 6-digit code it shows for this account."
        })
    });
    view! {
        <h1 id="page-title" data-testid=ids::PAGE_TITLE>{title}</h1>
        <FormNotice notice />
        {move || {
            let to = to.get();
            (step == "email" && !to.is_empty())
                .then(|| view! { <p data-testid=ids::MFA_DESTINATION>"Sent to " {to}</p> })
        }}
        <ActionForm action>
            <FlowFields />
            <input type="hidden" name="username" value=username />
            <input type="hidden" name="step" value=step />
            <CodeField label />
            <FormError error=failure(action.value()) />
            <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                "Verify"
            </button>
        </ActionForm>
    }
}

/// Which factor to use this time, for a user who has both and prefers neither.
#[component]
fn ChooseStep() -> impl IntoView {
    let action = ServerAction::<MfaChoose>::new();
    let username = query_param("username");
    let choice = move |factor: &'static str, text: &'static str, id: &'static str| {
        view! {
            <ActionForm action>
                <FlowFields />
                <input type="hidden" name="username" value=username />
                <input type="hidden" name="factor" value=factor />
                <button type="submit" data-testid=id>{text}</button>
            </ActionForm>
        }
    };
    view! {
        <h1 id="page-title" data-testid=ids::PAGE_TITLE>"How do you want to verify?"</h1>
        {choice("app", "Use my authenticator app", ids::CHOOSE_APP_BUTTON)}
        {choice("email", "Email me a code", ids::CHOOSE_EMAIL_BUTTON)}
        <FormError error=failure(action.value()) />
    }
}

/// Setting up an authenticator app before the first sign-in completes: its secret as a QR
/// code and as text, then its first code.
#[component]
fn SetupStep() -> impl IntoView {
    let action = ServerAction::<MfaSetup>::new();
    let pending = action.pending();
    let client_id = query_param("client_id");
    let username = query_param("username");
    let setup = Resource::new(
        move || (client_id.get(), username.get()),
        |(client_id, username)| mfa_setup_secret(client_id, username),
    );
    view! {
        <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Set up your authenticator app"</h1>
        <p>
            "This account needs a second step at every sign-in. Scan the code with an "
            "authenticator app (or type the key into it), then enter the 6-digit code it shows."
        </p>
        <Suspense fallback=|| ()>
            {move || {
                setup
                    .get()
                    .map(|setup| match setup {
                        Ok(setup) => view! { <AppSecret qr_code=setup.qr_code secret=setup.secret /> }.into_any(),
                        Err(error) => view! { <FormError error=Signal::derive(move || Some(error.clone())) /> }.into_any(),
                    })
            }}
        </Suspense>
        <ActionForm action>
            <FlowFields />
            <input type="hidden" name="username" value=username />
            <CodeField label="Code from your authenticator app" />
            <FormError error=failure(action.value()) />
            <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                "Verify and sign in"
            </button>
        </ActionForm>
    }
}

/// An authenticator secret to scan or type.
#[component]
pub fn AppSecret(qr_code: String, secret: String) -> impl IntoView {
    view! {
        <figure class="app-secret">
            <img
                src=qr_code
                width="200"
                height="200"
                alt="QR code for your authenticator app"
                data-testid=ids::MFA_QR_CODE
            />
            <figcaption>
                "Or type this key: " <code data-testid=ids::MFA_SECRET>{secret}</code>
            </figcaption>
        </figure>
    }
}
