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
use crate::i18n::{t, t_with};
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
    label: String,
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
                Some(t("notice-confirmed"))
            } else if awaiting.get() == "1" {
                Some(t("notice-awaiting"))
            } else if reset.get() == "1" {
                Some(t("notice-reset"))
            } else if signed_out.get() == "1" {
                Some(t("notice-signed-out"))
            } else if deleted.get() == "1" {
                Some(t("notice-deleted"))
            } else {
                None
            }
        })
    };
    let pending = action.pending();

    view! {
        <Title text=t("sign-in-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("sign-in-title")}</h1>
            <FormNotice notice />
            <ActionForm action>
                <FlowFields />
                <label for="username">{t("username-or-email-label")}</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username webauthn"
                    required
                    autofocus
                    value=username
                    data-testid=ids::USERNAME_INPUT
                />
                <label for="password">{t("password-label")}</label>
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
                    {t("sign-in-submit")}
                </button>
            </ActionForm>
            <Passwordless />
            <ProviderButtons />
            <CorporateSignIn />
            <p class="aside">
                <a href=flow_link("/forgotPassword") data-testid=ids::FORGOT_PASSWORD_LINK>
                    {t("forgot-password-link")}
                </a>
            </p>
            <p class="aside">
                {t("need-account")} " "
                <a href=flow_link("/signup") data-testid=ids::SIGN_UP_LINK>{t("sign-up-link")}</a>
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
                                <p class="aside">{t("passwordless-heading")}</p>
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
        <Title text=t("passkey-offer-page-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("passkey-offer-title")}</h1>
            <p>{t("passkey-offer-intro")}</p>
            <AddPasskey then />
            <p class="aside">
                <a href=onward data-testid=ids::SKIP_PASSKEY_LINK>{t("not-now")}</a>
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
                                                {t_with("continue-with", &[("provider", &provider)])}
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
                            <label for="corporate-email">{t("corporate-email-label")}</label>
                            <input
                                id="corporate-email"
                                name="email"
                                type="email"
                                autocomplete="email"
                                required
                            />
                            <button type="submit">{t("corporate-sign-in")}</button>
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
                <label for="username">{t("username-label")}</label>
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
                        "privacy-policy" => t("privacy-policy"),
                        _ => t("terms-of-use"),
                    };
                    view! {
                        {(at > 0).then(|| format!(" {} ", t("terms-and")))}
                        <a href=terms.url rel="external noopener noreferrer" target="_blank">
                            {label}
                        </a>
                    }
                })
                .collect_view();
            view! {
                <p class="legal" data-testid=ids::TERMS_LINKS>
                    {t("terms-before")} " " {links} {t("terms-after")}
                </p>
            }
        })
    };

    view! {
        <Title text=t("sign-up-page-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("sign-up-title")}</h1>
            <ActionForm action>
                <FlowFields />
                <Suspense fallback=|| ()>{username_field}</Suspense>
                <label for="email">{t("email-label")}</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    required
                    data-testid=ids::EMAIL_INPUT
                />
                <NewPasswordField label=t("password-label") client />
                <FormError error=failure(action.value()) />
                <Suspense fallback=|| ()>{legal}</Suspense>
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    {t("sign-up-submit")}
                </button>
            </ActionForm>
            <p class="aside">
                {t("have-account")} " "
                <a href=flow_link("/login") data-testid=ids::SIGN_IN_LINK>{t("sign-in-link")}</a>
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
            Some(t("notice-code-resent"))
        } else {
            Some(t("notice-code-sent"))
        }
    });
    let error = Signal::derive(move || {
        failure(confirm.value())
            .get()
            .or_else(|| failure(resend.value()).get())
    });
    let pending = confirm.pending();

    view! {
        <Title text=t("confirm-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("confirm-title")}</h1>
            <FormNotice notice />
            <ActionForm action=confirm>
                <FlowFields />
                <label for="username">{t("username-label")}</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    value=username
                    data-testid=ids::USERNAME_INPUT
                />
                <label for="code">{t("confirmation-code-label")}</label>
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
                    {t("confirm-submit")}
                </button>
            </ActionForm>
            <ActionForm action=resend>
                <FlowFields />
                <input type="hidden" name="username" value=username />
                <p class="aside">
                    {t("did-not-get-it")} " "
                    <button type="submit" class="link-button" data-testid=ids::RESEND_BUTTON>
                        {t("send-new-code")}
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
        <Title text=t("forgot-page-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("forgot-title")}</h1>
            <p>{t("forgot-intro")}</p>
            <ActionForm action>
                <FlowFields />
                <label for="username">{t("username-or-email-label")}</label>
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
                    {t("send-reset-code")}
                </button>
            </ActionForm>
            <p class="aside">
                <a href=flow_link("/login") data-testid=ids::SIGN_IN_LINK>{t("back-to-sign-in")}</a>
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
    let notice = Signal::derive(|| Some(t("notice-reset-code-sent")));

    view! {
        <Title text=t("reset-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("reset-title")}</h1>
            <FormNotice notice />
            <ActionForm action>
                <FlowFields />
                <label for="username">{t("username-or-email-label")}</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required
                    value=username
                    data-testid=ids::USERNAME_INPUT
                />
                <label for="code">{t("reset-code-label")}</label>
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
                <NewPasswordField label=t("new-password-label") />
                <FormError error=failure(action.value()) />
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    {t("set-password")}
                </button>
            </ActionForm>
            <p class="aside">
                <a href=flow_link("/forgotPassword")>{t("send-new-code")}</a>
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
    let notice = Signal::derive(|| Some(t("notice-temporary")));

    view! {
        <Title text=t("new-password-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("new-password-title")}</h1>
            <FormNotice notice />
            <ActionForm action>
                <FlowFields />
                <input type="hidden" name="username" value=username />
                <NewPasswordField label=t("new-password-label") autofocus=true />
                <FormError error=failure(action.value()) />
                <button type="submit" disabled=pending data-testid=ids::SUBMIT_BUTTON>
                    {t("set-password-sign-in")}
                </button>
            </ActionForm>
            <p class="aside">
                <a href=flow_link("/login") data-testid=ids::SIGN_IN_LINK>{t("back-to-sign-in")}</a>
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
        <Title text=t("continue-page-title") />
        <section class="auth-card" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>{t("continue-title")}</h1>
            <HydrationMark />
            <Suspense fallback=|| view! { <p>{t("one-moment")}</p> }>
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
