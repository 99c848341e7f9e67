//! Passkeys on the hosted pages: signing in with one (a button, and the browser's passkey
//! autofill on the username field), "Email me a code", and adding one. The WebAuthn calls
//! need the hydrated page; rendered without JavaScript, each says what to do instead.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::form::{FlowFields, FormError, failure, query_param};
use crate::error::UiError;
use crate::i18n::t;
use crate::ids;
use crate::server_fns::{
    EmailSignInCode, passkey_add, passkey_options, passkey_registration, passkey_sign_in,
};
use crate::webauthn::{self, Failure};

/// Whether the page has hydrated (effects run only in the browser).
fn hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// One passkey sign-in: the server's options, the authenticator's answer, the session;
/// then the page goes where the server says. A closed dialog says nothing (the autofill's
/// is closed whenever the button starts another).
async fn sign_in_with_passkey(
    client_id: String,
    next: String,
    autofill: bool,
    said: WriteSignal<Option<String>>,
) {
    let request = match passkey_options(client_id.clone(), next.clone()).await {
        Ok(request) => request,
        Err(error) => return said.set(Some(error.message)),
    };
    let credential = match webauthn::sign_in(&request.options, autofill).await {
        Ok(credential) => credential,
        Err(Failure::Cancelled) if autofill => return,
        Err(failure) => return said.set(Some(failure.words())),
    };
    match passkey_sign_in(client_id, next, request.session, credential).await {
        Ok(location) => webauthn::go(&location),
        Err(error) => said.set(Some(error.message)),
    }
}

/// "Sign in with a passkey", and the browser's passkey autofill where it has one.
#[component]
pub fn PasskeySignIn() -> impl IntoView {
    let client_id = query_param("client_id");
    let next = query_param("next");
    let hydrated = hydrated();
    let (said, set_said) = signal(None::<String>);
    // The autofill waits on the username field until a passkey is picked there.
    Effect::new(move |_| {
        let (client_id, next) = (client_id.get_untracked(), next.get_untracked());
        spawn_local(async move {
            if webauthn::supported() && webauthn::autofill_available().await {
                sign_in_with_passkey(client_id, next, true, set_said).await;
            }
        });
    });
    let click = move |_| {
        set_said.set(None);
        let (client_id, next) = (client_id.get_untracked(), next.get_untracked());
        spawn_local(sign_in_with_passkey(client_id, next, false, set_said));
    };
    view! {
        <div class="passkey" data-testid=ids::PASSKEY_SIGN_IN>
            {move || {
                if !hydrated.get() {
                    view! {
                        <p class="aside">{t("passkey-needs-javascript")}</p>
                    }
                        .into_any()
                } else if !webauthn::supported() {
                    view! { <p class="aside">{Failure::Unsupported.words()}</p> }.into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="secondary"
                            on:click=click
                            data-testid=ids::PASSKEY_BUTTON
                        >
                            {t("passkey-sign-in")}
                        </button>
                    }
                        .into_any()
                }
            }}
            <div class="form-error" role="alert" aria-live="assertive">
                {move || said.get().map(|words| view! { <p>{words}</p> })}
            </div>
        </div>
    }
}

/// "Email me a code": a plain form (it works without JavaScript).
#[component]
pub fn EmailCodeSignIn() -> impl IntoView {
    let action = ServerAction::<EmailSignInCode>::new();
    let pending = action.pending();
    view! {
        <ActionForm action>
            <FlowFields />
            <label for="code-username">{t("code-username-label")}</label>
            <input
                id="code-username"
                name="username"
                autocomplete="username"
                required
                data-testid=ids::CODE_USERNAME_INPUT
            />
            <FormError error=failure(action.value()) />
            <button
                type="submit"
                class="secondary"
                disabled=pending
                data-testid=ids::EMAIL_CODE_BUTTON
            >
                {t("email-me-a-code")}
            </button>
        </ActionForm>
    }
}

/// "Add a passkey": the browser makes one for the signed-in user; `then` is called once
/// it is theirs.
#[component]
pub fn AddPasskey(then: Callback<()>) -> impl IntoView {
    let hydrated = hydrated();
    let (said, set_said) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let click = move |_| {
        set_said.set(None);
        set_busy.set(true);
        spawn_local(async move {
            let outcome: Result<(), String> = async {
                let options = passkey_registration()
                    .await
                    .map_err(|error: UiError| error.message)?;
                let credential =
                    webauthn::create(&options)
                        .await
                        .map_err(|failure| match failure {
                            Failure::Cancelled => t("passkey-not-made"),
                            Failure::Unsupported => failure.words(),
                        })?;
                passkey_add(credential).await.map_err(|error| error.message)
            }
            .await;
            set_busy.set(false);
            match outcome {
                Ok(()) => then.run(()),
                Err(words) => set_said.set(Some(words)),
            }
        });
    };
    view! {
        {move || {
            if !hydrated.get() {
                view! { <p>{t("passkey-add-needs-javascript")}</p> }
                    .into_any()
            } else if !webauthn::supported() {
                view! { <p>{t("passkey-cannot-make")}</p> }.into_any()
            } else {
                view! {
                    <button
                        type="button"
                        on:click=click
                        disabled=busy
                        data-testid=ids::ADD_PASSKEY_BUTTON
                    >
                        {t("passkey-add")}
                    </button>
                }
                    .into_any()
            }
        }}
        <div class="form-error" role="alert" aria-live="assertive">
            {move || said.get().map(|words| view! { <p>{words}</p> })}
        </div>
    }
}
