//! The hosted sign-in pages (Cognito's routes): `/login`, `/signup`, `/confirmUser`,
//! `/forgotPassword`, `/confirmForgotPassword`. Each is one `ActionForm` over a server
//! function, so it posts without JavaScript and updates in place with it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FlowFields, FormError, FormNotice, failure, query_param};
use crate::components::layout::{HydrationMark, mark_hydrated};
use crate::components::passkeys::{AddPasskey, EmailCodeSignIn, PasskeySignIn};
use crate::components::password_checklist::PasswordChecklist;
use crate::dto::ClientView;
use crate::error::UiError;
use crate::ids;
use crate::links;
use crate::server_fns::{
    ConfirmForgotPassword, ConfirmSignUp, ForgotPassword, NewPassword, ResendCode, SignIn, SignUp,
    continue_sign_in, load_client,
};

/// A link to another page of the flow, keeping `client_id` and `next`.
fn flow_link(path: &'static str) -> Signal<String> {
    let client_id = query_param("client_id");
    let next = query_param("next");
    Signal::derive(move || {
        links::page(
            path,
            &[("client_id", &client_id.get()), ("next", &next.get())],
        )
    })
}

/// The page's app client (its pool's rules), loaded from `client_id`.
fn client_resource() -> Resource<Result<ClientView, UiError>> {
    let client_id = query_param("client_id");
    Resource::new(move || client_id.get(), load_client)
}

/// The new password's field, with the live checklist of the pool's password policy under
/// it; `client` when the page has loaded it already.
#[component]
fn NewPasswordField(
    label: &'static str,
    #[prop(optional)] client: Option<Resource<Result<ClientView, UiError>>>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let client = client.unwrap_or_else(client_resource);
    let (password, set_password) = signal(String::new());
    view! {
        <label for="password">{label}</label>
        <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            autofocus=autofocus
            aria-describedby="password-rules"
            on:input=move |ev| set_password.set(event_target_value(&ev))
            data-testid=ids::PASSWORD_INPUT
        />
        <div id="password-rules">
            <Suspense fallback=|| ()>
                {move || {
                    client
                        .get()
                        .and_then(Result::ok)
                        .map(|client| {
                            view! {
                                <PasswordChecklist policy=client.password_policy password=password />
                            }
                        })
                }}
            </Suspense>
        </div>
    }
}

#[island]
pub fn LoginPage() -> impl IntoView {
    mark_hydrated();
    let action = ServerAction::<SignIn>::new();
    let username = query_param("username");
    let notice = {
        let confirmed = query_param("confirmed");
        let reset = query_param("reset");
        let signed_out = query_param("signed_out");
        let awaiting = query_param("awaiting");
        let deleted = query_param("deleted");
        Signal::derive(move || {
            if confirmed.get() == "1" {
                Some("Your account is confirmed. Sign in to continue.")
            } else if awaiting.get() == "1" {
                Some(
                    "Your account is created. An administrator will confirm it before you can sign in.",
                )
            } else if reset.get() == "1" {
                Some("Your password has been reset. Sign in with the new one.")
            } else if signed_out.get() == "1" {
                Some("You are signed out.")
            } else if deleted.get() == "1" {
                Some("Your account is deleted.")
            } else {
                None
            }
        })
    };
    let pending = action.pending();

    view! {
        <Title text="Sign in" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Sign in"</h1>
            <FormNotice notice />
            <ActionForm action>
                <FlowFields />
                <label for="username">"Username or email"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username webauthn"
                    required
                    autofocus
                    value=username
                    data-testid=ids::USERNAME_INPUT
                />
                <label for="password">"Password"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    data-testid=ids::PASSWORD_INPUT
                />
                <FormError error=failure(action.value()) />
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    "Sign in"
                </button>
            </ActionForm>
            <Passwordless />
            <ProviderButtons />
            <CorporateSignIn />
            <p class="aside">
                <a href=flow_link("/forgotPassword") data-testid=ids::FORGOT_PASSWORD_LINK>
                    "Forgot your password?"
                </a>
            </p>
            <p class="aside">
                "Need an account? "
                <a href=flow_link("/signup") data-testid=ids::SIGN_UP_LINK>"Sign up"</a>
            </p>
        </section>
    }
}

/// The ways to sign in without a password that the page's client offers: a passkey, an
/// emailed code.
#[component]
fn Passwordless() -> impl IntoView {
    let client = client_resource();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                client
                    .get()
                    .and_then(Result::ok)
                    .filter(|client| client.passkeys || client.email_codes)
                    .map(|client| {
                        view! {
                            <div class="passwordless">
                                <p class="aside">"Or sign in without your password"</p>
                                {client.passkeys.then(|| view! { <PasskeySignIn /> })}
                                {client.email_codes.then(|| view! { <EmailCodeSignIn /> })}
                            </div>
                        }
                    })
            }}
        </Suspense>
    }
}

/// After a password sign-in, where the pool allows passkeys and the user has none: add one
/// now, or go on without.
#[island(lazy)]
pub fn PasskeyOfferPage() -> impl IntoView {
    mark_hydrated();
    let next = query_param("next");
    // Only a path on this site (the sign-in's next step) is followed.
    let onward = Signal::derive(move || links::after_sign_in(&next.get()));
    let then = Callback::new(move |()| crate::webauthn::go(&onward.get_untracked()));
    view! {
        <Title text="Add a passkey" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Sign in faster with a passkey"</h1>
            <p>
                "A passkey lets you sign in with your fingerprint, face or screen lock "
                "instead of your password. It cannot be phished or reused elsewhere."
            </p>
            <AddPasskey then />
            <p class="aside">
                <a href=onward data-testid=ids::SKIP_PASSKEY_LINK>"Not now"</a>
            </p>
        </section>
    }
}

/// "Continue with <provider>" for each identity provider the page's client supports: a
/// plain link (it leaves the site), carrying the flow.
#[component]
fn ProviderButtons() -> impl IntoView {
    let client = client_resource();
    let client_id = query_param("client_id");
    let next = query_param("next");
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let providers = client
                    .get()
                    .and_then(Result::ok)
                    .map(|client| client.providers)
                    .unwrap_or_default();
                (!providers.is_empty())
                    .then(|| {
                        view! {
                            <div class="providers" data-testid=ids::PROVIDER_BUTTONS>
                                {providers
                                    .into_iter()
                                    .map(|provider| {
                                        let href = links::page(
                                            "/oauth2/federate",
                                            &[
                                                ("client_id", &client_id.get()),
                                                ("provider", &provider),
                                                ("next", &next.get()),
                                            ],
                                        );
                                        view! {
                                            <a class="provider-button" href=href rel="external">
                                                {format!("Continue with {provider}")}
                                            </a>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                    })
            }}
        </Suspense>
    }
}

/// "Sign in with your corporate ID": a corporate email, whose domain one of the client's
/// providers lists among its IdpIdentifiers, goes to that provider. A plain form (GET), so
/// it works without JavaScript.
#[component]
fn CorporateSignIn() -> impl IntoView {
    let client = client_resource();
    let client_id = query_param("client_id");
    let next = query_param("next");
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let asks = client
                    .get()
                    .and_then(Result::ok)
                    .is_some_and(|client| client.corporate_email);
                asks.then(|| {
                    view! {
                        <form
                            class="corporate"
                            method="get"
                            action="/oauth2/federate"
                            data-testid=ids::CORPORATE_SIGN_IN
                        >
                            <input type="hidden" name="client_id" value=client_id.get() />
                            <input type="hidden" name="next" value=next.get() />
                            <label for="corporate-email">"Corporate email"</label>
                            <input
                                id="corporate-email"
                                name="email"
                                type="email"
                                autocomplete="email"
                                required
                            />
                            <button type="submit">"Sign in with your corporate ID"</button>
                        </form>
                    }
                })
            }}
        </Suspense>
    }
}

#[island]
pub fn SignUpPage() -> impl IntoView {
    mark_hydrated();
    let action = ServerAction::<SignUp>::new();
    let pending = action.pending();
    let client = client_resource();
    // Where the pool's users sign in with their email, the email is the username.
    let username_field = move || {
        let email_is_username = client
            .get()
            .and_then(Result::ok)
            .is_some_and(|client| client.email_is_username);
        if email_is_username {
            view! { <input type="hidden" name="username" value="" /> }.into_any()
        } else {
            view! {
                <label for="username">"Username"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    autofocus
                    data-testid=ids::USERNAME_INPUT
                />
            }
            .into_any()
        }
    };

    // The client's terms documents (CreateTerms), where it has them.
    let legal = move || {
        let terms = client
            .get()
            .and_then(Result::ok)
            .map(|client| client.terms)
            .unwrap_or_default();
        (!terms.is_empty()).then(|| {
            let links = terms
                .into_iter()
                .enumerate()
                .map(|(at, terms)| {
                    let label = match terms.name.as_str() {
                        "privacy-policy" => "Privacy policy",
                        _ => "Terms of use",
                    };
                    view! {
                        {(at > 0).then_some(" and the ")}
                        <a href=terms.url rel="external noopener noreferrer" target="_blank">
                            {label}
                        </a>
                    }
                })
                .collect_view();
            view! {
                <p class="legal" data-testid=ids::TERMS_LINKS>
                    "By signing up, you agree to the " {links} "."
                </p>
            }
        })
    };

    view! {
        <Title text="Sign up" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Create an account"</h1>
            <ActionForm action>
                <FlowFields />
                <Suspense fallback=|| ()>{username_field}</Suspense>
                <label for="email">"Email"</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    required
                    data-testid=ids::EMAIL_INPUT
                />
                <NewPasswordField label="Password" client />
                <FormError error=failure(action.value()) />
                <Suspense fallback=|| ()>{legal}</Suspense>
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    "Sign up"
                </button>
            </ActionForm>
            <p class="aside">
                "Already have an account? "
                <a href=flow_link("/login") data-testid=ids::SIGN_IN_LINK>"Sign in"</a>
            </p>
        </section>
    }
}

#[island]
pub fn ConfirmUserPage() -> impl IntoView {
    mark_hydrated();
    let confirm = ServerAction::<ConfirmSignUp>::new();
    let resend = ServerAction::<ResendCode>::new();
    let username = query_param("username");
    let resent = query_param("resent");
    let notice = Signal::derive(move || {
        if resent.get() == "1" {
            Some("We sent a new code. Codes sent before it no longer work.")
        } else {
            Some("We emailed you a 6-digit code. Enter it to confirm your account.")
        }
    });
    let error = Signal::derive(move || {
        failure(confirm.value())
            .get()
            .or_else(|| failure(resend.value()).get())
    });
    let pending = confirm.pending();

    view! {
        <Title text="Confirm your account" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Confirm your account"</h1>
            <FormNotice notice />
            <ActionForm action=confirm>
                <FlowFields />
                <label for="username">"Username"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    value=username
                    data-testid=ids::USERNAME_INPUT
                />
                <label for="code">"Confirmation code"</label>
                <input
                    id="code"
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    pattern="[0-9]{6}"
                    maxlength="6"
                    required
                    autofocus
                    data-testid=ids::CODE_INPUT
                />
                <FormError error />
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    "Confirm"
                </button>
            </ActionForm>
            <ActionForm action=resend>
                <FlowFields />
                <input type="hidden" name="username" value=username />
                <p class="aside">
                    "Didn't get it? "
                    <button type="submit" class="link-button" data-testid=ids::RESEND_BUTTON>
                        "Send a new code"
                    </button>
                </p>
            </ActionForm>
        </section>
    }
}

#[island]
pub fn ForgotPasswordPage() -> impl IntoView {
    mark_hydrated();
    let action = ServerAction::<ForgotPassword>::new();
    let pending = action.pending();

    view! {
        <Title text="Forgot your password" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Reset your password"</h1>
            <p>"Enter your username or email. If we find your account, we'll email you a code."</p>
            <ActionForm action>
                <FlowFields />
                <label for="username">"Username or email"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    autofocus
                    data-testid=ids::USERNAME_INPUT
                />
                <FormError error=failure(action.value()) />
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    "Send a reset code"
                </button>
            </ActionForm>
            <p class="aside">
                <a href=flow_link("/login") data-testid=ids::SIGN_IN_LINK>"Back to sign in"</a>
            </p>
        </section>
    }
}

#[island]
pub fn ConfirmForgotPasswordPage() -> impl IntoView {
    mark_hydrated();
    let action = ServerAction::<ConfirmForgotPassword>::new();
    let username = query_param("username");
    let pending = action.pending();
    let notice = Signal::derive(|| {
        Some("If an account matches, we emailed it a 6-digit code. Enter it with a new password.")
    });

    view! {
        <Title text="Set a new password" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Set a new password"</h1>
            <FormNotice notice />
            <ActionForm action>
                <FlowFields />
                <label for="username">"Username or email"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    value=username
                    data-testid=ids::USERNAME_INPUT
                />
                <label for="code">"Reset code"</label>
                <input
                    id="code"
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    pattern="[0-9]{6}"
                    maxlength="6"
                    required
                    autofocus
                    data-testid=ids::CODE_INPUT
                />
                <NewPasswordField label="New password" />
                <FormError error=failure(action.value()) />
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    "Set password"
                </button>
            </ActionForm>
            <p class="aside">
                <a href=flow_link("/forgotPassword")>"Send a new code"</a>
            </p>
        </section>
    }
}

/// After a temporary password (an administrator's invitation): choose a new one to finish
/// signing in. The step itself waits in an HttpOnly cookie for three minutes.
#[island]
pub fn NewPasswordPage() -> impl IntoView {
    mark_hydrated();
    let action = ServerAction::<NewPassword>::new();
    let username = query_param("username");
    let pending = action.pending();
    let notice = Signal::derive(|| {
        Some("Your password is temporary. Choose a new one to finish signing in.")
    });

    view! {
        <Title text="Choose a new password" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Choose a new password"</h1>
            <FormNotice notice />
            <ActionForm action>
                <FlowFields />
                <input type="hidden" name="username" value=username />
                <NewPasswordField label="New password" autofocus=true />
                <FormError error=failure(action.value()) />
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    "Set password and sign in"
                </button>
            </ActionForm>
            <p class="aside">
                <a href=flow_link("/login") data-testid=ids::SIGN_IN_LINK>"Back to sign in"</a>
            </p>
        </section>
    }
}

/// `/oauth2/continue`: where the pages send a user who signed in (or up) for an app. Its
/// server function answers with a redirect to the app's callback; only a failure shows.
#[component]
pub fn ContinuePage() -> impl IntoView {
    let request = query_param("request");
    let outcome = Resource::new(move || request.get(), continue_sign_in);
    view! {
        <Title text="Signing in" />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Signing you in"</h1>
            <HydrationMark />
            <Suspense fallback=|| view! { <p>"One moment…"</p> }>
                {move || {
                    outcome
                        .get()
                        .and_then(Result::err)
                        .map(|error| {
                            view! {
                                <p class="form-error" role="alert" data-testid=ids::FORM_ERROR>
                                    {error.message}
                                </p>
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
