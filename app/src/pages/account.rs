//! `/account`: the signed-in user manages their own account: attributes (a changed email
//! counts once its code comes back), password, authenticator app, email codes, which
//! factor comes first, signing out everywhere, and deleting the account. Every form posts
//! without JavaScript and comes back to this page with a line saying what happened.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FormError, FormNotice, failure, query_param};
use crate::components::layout::{GoTo, mark_hydrated};
use crate::components::passkeys::AddPasskey;
use crate::dto::{AccountView, AppSetupView, DeviceView, MfaView, PasskeyView, SignInView};
use crate::error::UiError;
use crate::ids;
use crate::links::ACCOUNT_SIGN_IN;
use crate::pages::mfa::AppSecret;
use crate::server_fns::{
    AccountApp, AccountAttribute, AccountDelete, AccountDeletePasskey, AccountEmailCode,
    AccountForgetDevice, AccountMfa, AccountPassword, AccountSignOut, AccountVerifyEmail,
    account_app_secret, load_account,
};

/// The page's forms, one action each.
#[derive(Clone, Copy)]
struct Forms {
    attribute: ServerAction<AccountAttribute>,
    email_code: ServerAction<AccountEmailCode>,
    verify_email: ServerAction<AccountVerifyEmail>,
    password: ServerAction<AccountPassword>,
    app: ServerAction<AccountApp>,
    mfa: ServerAction<AccountMfa>,
    sign_out: ServerAction<AccountSignOut>,
    delete: ServerAction<AccountDelete>,
    forget_device: ServerAction<AccountForgetDevice>,
    delete_passkey: ServerAction<AccountDeletePasskey>,
}

impl Forms {
    fn new() -> Self {
        Self {
            attribute: ServerAction::new(),
            email_code: ServerAction::new(),
            verify_email: ServerAction::new(),
            password: ServerAction::new(),
            app: ServerAction::new(),
            mfa: ServerAction::new(),
            sign_out: ServerAction::new(),
            delete: ServerAction::new(),
            forget_device: ServerAction::new(),
            delete_passkey: ServerAction::new(),
        }
    }

    /// Grows each time a form has been answered: the account is read again.
    fn answered(self) -> usize {
        self.attribute.version().get()
            + self.email_code.version().get()
            + self.verify_email.version().get()
            + self.password.version().get()
            + self.app.version().get()
            + self.mfa.version().get()
            + self.forget_device.version().get()
            + self.delete_passkey.version().get()
    }
}

/// The line for `done`, what the last form did.
fn done_notice(done: &str) -> Option<&'static str> {
    Some(match done {
        "saved" => "Saved.",
        "email_code" => "We emailed a code to your email address. Enter it below to verify it.",
        "email_verified" => "Your email address is verified.",
        "password" => "Your password is changed.",
        "app_on" => "Your authenticator app is on: signing in will ask for its code.",
        "app_off" => "Your authenticator app is removed.",
        "mfa" => "Your sign-in settings are saved.",
        "device_forgotten" => "The device is forgotten: it signs in as a new one again.",
        "passkey_added" => "Your passkey is added: sign in with it next time.",
        "passkey_deleted" => "The passkey is deleted: it no longer signs you in.",
        _ => return None,
    })
}

#[island(lazy)]
pub fn AccountPage() -> impl IntoView {
    mark_hydrated();
    let forms = Forms::new();
    let done = query_param("done");
    let account = Resource::new(move || (done.get(), forms.answered()), |_| load_account());
    // Created here, once: a resource made inside the Suspense below would be made again
    // each time it renders, and each would replace the secret the last one showed.
    let adding = query_param("add_app");
    let new_app = Resource::new(
        move || adding.get() == "1",
        |adding| async move {
            if adding {
                account_app_secret().await
            } else {
                Ok(None)
            }
        },
    );
    let notice = Signal::derive(move || done_notice(&done.get()));
    view! {
        <Title text="Your account" />
        <section class="account" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"Your account"</h1>
            <FormNotice notice />
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(view)) => view! { <AccountContent view forms new_app /> }.into_any(),
                        Ok(None) => view! { <GoTo path=ACCOUNT_SIGN_IN /> }.into_any(),
                        Err(error) => {
                            view! {
                                <p class="form-error" role="alert" data-testid=ids::FORM_ERROR>
                                    {error.message}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountContent(
    view: AccountView,
    forms: Forms,
    new_app: Resource<Result<Option<AppSetupView>, UiError>>,
) -> impl IntoView {
    let AccountView {
        username,
        attributes,
        email,
        email_verified,
        mfa,
        sign_ins,
        devices,
        passkeys,
    } = view;
    let email_unverified = email.is_some() && !email_verified;
    view! {
        <p data-testid=ids::ACCOUNT_USERNAME>"Signed in as " <strong>{username}</strong></p>

        <h2 id="profile-title">"Profile"</h2>
        <div class="account-attributes" aria-labelledby="profile-title">
            {attributes
                .into_iter()
                .map(|(name, value)| view! { <AttributeForm name value forms /> })
                .collect_view()}
        </div>
        <FormError error=failure(forms.attribute.value()) />
        {email_unverified.then(|| view! { <VerifyEmail forms /> })}

        <h2>"Password"</h2>
        <ActionForm action=forms.password>
            <label for="old-password">"Current password"</label>
            <input
                id="old-password"
                name="old_password"
                type="password"
                autocomplete="current-password"
                required
            />
            <label for="new-password">"New password"</label>
            <input
                id="new-password"
                name="password"
                type="password"
                autocomplete="new-password"
                required
            />
            <FormError error=failure(forms.password.value()) />
            <button type="submit">"Change password"</button>
        </ActionForm>

        {passkeys.map(|passkeys| view! { <Passkeys passkeys forms /> })}

        <h2>"Two-step verification"</h2>
        <SecondFactors mfa forms new_app />

        {sign_ins.map(|sign_ins| view! { <RecentSignIns sign_ins /> })}
        {devices.map(|devices| view! { <RememberedDevices devices forms /> })}

        <h2>"Sessions"</h2>
        <ActionForm action=forms.sign_out>
            <p>"Sign out of every device and app where this account is signed in."</p>
            <FormError error=failure(forms.sign_out.value()) />
            <button type="submit">"Sign out everywhere"</button>
        </ActionForm>

        <h2>"Delete account"</h2>
        <ActionForm action=forms.delete>
            <p>"Deleting your account cannot be undone."</p>
            <label for="delete-password">"Password"</label>
            <input
                id="delete-password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
            />
            <FormError error=failure(forms.delete.value()) />
            <button type="submit" class="danger">"Delete my account"</button>
        </ActionForm>
    }
}

/// The devices the user's apps remembered, each with a button to forget it.
#[component]
fn RememberedDevices(devices: Vec<DeviceView>, forms: Forms) -> impl IntoView {
    view! {
        <h2 id="devices-title">"Remembered devices"</h2>
        {if devices.is_empty() {
            view! { <p>"No device is remembered."</p> }.into_any()
        } else {
            view! {
                <ul class="devices" data-testid=ids::DEVICE_LIST aria-labelledby="devices-title">
                    {devices
                        .into_iter()
                        .map(|device| {
                            let status = if device.remembered {
                                "remembered"
                            } else {
                                "not remembered"
                            };
                            let used = if device.last_used.is_empty() {
                                String::new()
                            } else {
                                format!(", last used {} UTC", device.last_used)
                            };
                            let label = format!("Forget {}", device.name);
                            view! {
                                <li>
                                    <ActionForm action=forms.forget_device>
                                        <strong>{device.name}</strong>
                                        {format!(" ({status}{used}) ")}
                                        <input type="hidden" name="device_key" value=device.key />
                                        <button type="submit" class="secondary" aria-label=label>
                                            "Forget"
                                        </button>
                                    </ActionForm>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <FormError error=failure(forms.forget_device.value()) />
    }
}

/// The user's passkeys: each with when it was added and last used, and a way to delete
/// it; and a way to add one.
#[component]
fn Passkeys(passkeys: Vec<PasskeyView>, forms: Forms) -> impl IntoView {
    let added = Callback::new(|()| crate::webauthn::go("/account?done=passkey_added"));
    view! {
        <h2 id="passkeys-title">"Passkeys"</h2>
        {if passkeys.is_empty() {
            view! { <p>"You have no passkey yet."</p> }.into_any()
        } else {
            view! {
                <ul class="devices" data-testid=ids::PASSKEY_LIST aria-labelledby="passkeys-title">
                    {passkeys
                        .into_iter()
                        .map(|passkey| {
                            let used = if passkey.last_used.is_empty() {
                                "never used".to_string()
                            } else {
                                format!("last used {} UTC", passkey.last_used)
                            };
                            let label = format!("Delete the passkey {}", passkey.name);
                            view! {
                                <li>
                                    <ActionForm action=forms.delete_passkey>
                                        <strong>{passkey.name}</strong>
                                        {format!(" (added {} UTC, {used}) ", passkey.created)}
                                        <input type="hidden" name="passkey_id" value=passkey.id />
                                        <button type="submit" class="secondary" aria-label=label>
                                            "Delete"
                                        </button>
                                    </ActionForm>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <FormError error=failure(forms.delete_passkey.value()) />
        <AddPasskey then=added />
    }
}

/// The account's recent sign-ins: when, from where, on what, and how each ended.
#[component]
fn RecentSignIns(sign_ins: Vec<SignInView>) -> impl IntoView {
    view! {
        <h2 id="sign-ins-title">"Recent sign-ins"</h2>
        {if sign_ins.is_empty() {
            view! { <p>"No sign-ins recorded yet."</p> }.into_any()
        } else {
            view! {
                <table class="sign-ins" data-testid=ids::SIGN_IN_HISTORY aria-labelledby="sign-ins-title">
                    <thead>
                        <tr>
                            <th scope="col">"When (UTC)"</th>
                            <th scope="col">"Result"</th>
                            <th scope="col">"From"</th>
                            <th scope="col">"Device"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {sign_ins
                            .into_iter()
                            .map(|sign_in| {
                                let risky = sign_in.risky.then_some("risky");
                                view! {
                                    <tr class=risky>
                                        <td>{sign_in.when}</td>
                                        <td>{sign_in.outcome}</td>
                                        <td>{sign_in.place}</td>
                                        <td>{sign_in.device}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
        <p class="hint">
            "Not you? Change your password, then sign out everywhere."
        </p>
    }
}

/// One attribute, its value editable in place.
#[component]
fn AttributeForm(name: String, value: String, forms: Forms) -> impl IntoView {
    let id = format!("attribute-{name}");
    view! {
        <ActionForm action=forms.attribute>
            <input type="hidden" name="name" value=name.clone() />
            <label for=id.clone()>{name.clone()}</label>
            <input id=id name="value" value=value />
            <button type="submit" aria-label=format!("Save {name}")>"Save"</button>
        </ActionForm>
    }
}

/// The email waits for its code: enter it, or ask for another.
#[component]
fn VerifyEmail(forms: Forms) -> impl IntoView {
    let error = Signal::derive(move || {
        failure(forms.verify_email.value())
            .get()
            .or_else(|| failure(forms.email_code.value()).get())
    });
    view! {
        <p>"Your email address is not verified yet: it does not sign you in or get codes."</p>
        <ActionForm action=forms.verify_email>
            <label for="email-code">"Verification code"</label>
            <input
                id="email-code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9]{6}"
                maxlength="6"
                required
            />
            <FormError error />
            <button type="submit">"Verify email"</button>
        </ActionForm>
        <ActionForm action=forms.email_code>
            <button type="submit" class="link-button">"Send a new code"</button>
        </ActionForm>
    }
}

/// The authenticator app and email codes: on or off, and which comes first.
#[component]
fn SecondFactors(
    mfa: MfaView,
    forms: Forms,
    new_app: Resource<Result<Option<AppSetupView>, UiError>>,
) -> impl IntoView {
    let adding = query_param("add_app");
    if mfa.mode == "OFF" {
        return view! { <p>"This user pool does not use two-step verification."</p> }.into_any();
    }
    let change = move |change: &'static str, text: &'static str| {
        view! {
            <ActionForm action=forms.mfa>
                <input type="hidden" name="change" value=change />
                <button type="submit">{text}</button>
            </ActionForm>
        }
    };
    let required = (mfa.mode == "ON")
        .then(|| view! { <p>"This user pool requires a second step at every sign-in."</p> });
    let preferred = mfa.preferred.clone().unwrap_or_default();
    let both = mfa.app_on && mfa.email_on;
    let app = mfa.app_offered.then(|| {
        if mfa.app_on {
            view! {
                <p data-testid=ids::APP_STATUS>
                    "Authenticator app: on"
                    {(preferred == "app").then_some(" (used first)")}
                </p>
                {change("app_off", "Remove authenticator app")}
                {(both && preferred != "app").then(|| change("prefer_app", "Use the app first"))}
            }
            .into_any()
        } else {
            view! {
                <p data-testid=ids::APP_STATUS>"Authenticator app: off"</p>
                {move || {
                    if adding.get() == "1" {
                        view! { <AddApp forms new_app /> }.into_any()
                    } else {
                        view! {
                            <a href="/account?add_app=1" data-testid=ids::ADD_APP_LINK>
                                "Add an authenticator app"
                            </a>
                        }
                            .into_any()
                    }
                }}
            }
            .into_any()
        }
    });
    let email = mfa.email_offered.then(|| {
        if mfa.email_on {
            view! {
                <p data-testid=ids::EMAIL_CODES_STATUS>
                    "Email codes: on"
                    {(preferred == "email").then_some(" (used first)")}
                </p>
                {change("email_off", "Turn off email codes")}
                {(both && preferred != "email")
                    .then(|| change("prefer_email", "Use email codes first"))}
            }
            .into_any()
        } else {
            view! {
                <p data-testid=ids::EMAIL_CODES_STATUS>"Email codes: off"</p>
                {change("email_on", "Turn on email codes")}
            }
            .into_any()
        }
    });
    view! {
        {required}
        {app}
        {email}
        <FormError error=failure(forms.mfa.value()) />
    }
    .into_any()
}

/// A new authenticator app: its secret, then its first code.
#[component]
fn AddApp(forms: Forms, new_app: Resource<Result<Option<AppSetupView>, UiError>>) -> impl IntoView {
    view! {
        <p>
            "Scan the code with an authenticator app (or type the key into it), then enter the "
            "6-digit code it shows."
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match new_app.await {
                    Ok(Some(setup)) => {
                        view! { <AppSecret qr_code=setup.qr_code secret=setup.secret /> }
                            .into_any()
                    }
                    // Not signed in: the account itself sends the browser to sign in.
                    Ok(None) => ().into_any(),
                    Err(error) => {
                        view! { <FormError error=Signal::derive(move || Some(error.clone())) /> }
                            .into_any()
                    }
                }
            })}
        </Suspense>
        <ActionForm action=forms.app>
            <label for="app-code">"Code from your authenticator app"</label>
            <input
                id="app-code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9]{6}"
                maxlength="6"
                required
            />
            <FormError error=failure(forms.app.value()) />
            <button type="submit">"Turn on the app"</button>
        </ActionForm>
    }
}
