//! The hosted pages' server functions: each takes the `HostedUi` from context, calls it
//! with what the form posted, and goes where it answers (setting its cookies). They answer
//! a plain form POST (JavaScript off) and the hydrated page's fetch alike.

use leptos::prelude::*;

use crate::dto::{AccountView, AppSetupView, ClientView, DemoView, PasskeyRequestView};
use crate::error::UiError;
#[cfg(feature = "ssr")]
use crate::port::{CHALLENGE_COOKIE, Flow};

/// The page's app client and its password policy.
#[server(endpoint = "client")]
pub async fn load_client(client_id: String) -> Result<ClientView, UiError> {
    let ui = ssr::hosted()?;
    ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)
}

/// Who is signed in on this site, for the header.
#[server(endpoint = "who")]
pub async fn signed_in_as() -> Result<Option<String>, UiError> {
    let ui = ssr::hosted()?;
    let Some(id_token) = ssr::cookie(crate::port::ID_TOKEN_COOKIE) else {
        return Ok(None);
    };
    Ok(ui.signed_in_as(&id_token).await)
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(
    client_id: String,
    username: String,
    email: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::go(ui.sign_up(&flow, &username, &email, &password).await)
}

#[server(endpoint = "confirm_sign_up")]
pub async fn confirm_sign_up(
    client_id: String,
    username: String,
    code: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::go(ui.confirm_sign_up(&flow, &username, &code).await)
}

#[server(endpoint = "resend_code")]
pub async fn resend_code(client_id: String, username: String, next: String) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::go(ui.resend_code(&flow, &username).await)
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    client_id: String,
    username: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::go(ui.sign_in(&flow, &username, &password).await)
}

/// The new-password step after a temporary password: its challenge travels in a cookie.
#[server(endpoint = "new_password")]
pub async fn new_password(
    client_id: String,
    username: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let challenge = ssr::cookie(CHALLENGE_COOKIE);
    let ui = ssr::hosted()?;
    ssr::go(
        ui.set_new_password(&flow, challenge.as_deref(), &username, &password)
            .await,
    )
}

/// The second-factor step's code (`step`: `app` or `email`).
#[server(endpoint = "mfa_code")]
pub async fn mfa_code(
    client_id: String,
    username: String,
    step: String,
    code: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let challenge = ssr::cookie(CHALLENGE_COOKIE);
    let ui = ssr::hosted()?;
    ssr::go(
        ui.answer_second_factor(&flow, challenge.as_deref(), &username, &step, &code)
            .await,
    )
}

/// The factor chosen for this sign-in (`factor`: `app` or `email`).
#[server(endpoint = "mfa_choose")]
pub async fn mfa_choose(
    client_id: String,
    username: String,
    factor: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let challenge = ssr::cookie(CHALLENGE_COOKIE);
    let ui = ssr::hosted()?;
    ssr::go(
        ui.choose_second_factor(&flow, challenge.as_deref(), &username, &factor)
            .await,
    )
}

/// The set-up step's new authenticator secret (it replaces any earlier one not yet proven).
#[server(endpoint = "mfa_setup_secret")]
pub async fn mfa_setup_secret(
    client_id: String,
    username: String,
) -> Result<AppSetupView, UiError> {
    let flow = Flow {
        client_id,
        next: String::new(),
    };
    let challenge = ssr::cookie(CHALLENGE_COOKIE);
    let ui = ssr::hosted()?;
    // A page with a secret on it is never cached.
    ssr::no_store();
    let (view, cookies) = ui
        .start_app_setup(&flow, challenge.as_deref(), &username)
        .await
        .map_err(ssr::fail)?;
    for cookie in &cookies {
        ssr::set_cookie(cookie);
    }
    Ok(view)
}

/// The set-up step's first code.
#[server(endpoint = "mfa_setup")]
pub async fn mfa_setup(
    client_id: String,
    username: String,
    code: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let challenge = ssr::cookie(CHALLENGE_COOKIE);
    let ui = ssr::hosted()?;
    ssr::go(
        ui.finish_app_setup(&flow, challenge.as_deref(), &username, &code)
            .await,
    )
}

/// `/oauth2/continue`: an app's sign-in request, resumed once the user has signed in here.
#[server(endpoint = "continue_sign_in")]
pub async fn continue_sign_in(request: String) -> Result<(), UiError> {
    let session = ssr::session_cookie();
    let ui = ssr::hosted()?;
    ssr::no_store();
    ssr::go(
        ui.continue_authorization(&request, session.as_deref())
            .await,
    )
}

/// The sign-in page's passkey request (its options name no user).
#[server(endpoint = "passkey_options")]
pub async fn passkey_options(
    client_id: String,
    next: String,
) -> Result<PasskeyRequestView, UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::no_store();
    ui.passkey_options(&flow).await.map_err(ssr::fail)
}

/// The sign-in page's passkey answer: the session's cookies set, and where the page goes
/// next (it navigates there itself).
#[server(endpoint = "passkey_sign_in")]
pub async fn passkey_sign_in(
    client_id: String,
    next: String,
    session: String,
    credential: String,
) -> Result<String, UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::no_store();
    let next = ui
        .passkey_sign_in(&flow, &session, &credential)
        .await
        .map_err(ssr::fail)?;
    for cookie in &next.cookies {
        ssr::set_cookie(cookie);
    }
    Ok(next.location)
}

/// "Email me a code" on the sign-in page (a plain form: it works without JavaScript).
#[server(endpoint = "email_sign_in_code")]
pub async fn email_sign_in_code(
    client_id: String,
    username: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::go(ui.email_sign_in_code(&flow, &username).await)
}

#[server(endpoint = "forgot_password")]
pub async fn forgot_password(
    client_id: String,
    username: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::go(ui.forgot_password(&flow, &username).await)
}

#[server(endpoint = "auth_event_feedback")]
pub async fn auth_event_feedback(
    pool_id: String,
    username: String,
    event_id: String,
    feedback_token: String,
    feedback_value: String,
) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let said = crate::port::Feedback {
        pool_id,
        username,
        event_id,
        token: feedback_token,
        valid: feedback_value == "valid",
    };
    ssr::go(ui.auth_event_feedback(&said).await)
}

#[server(endpoint = "confirm_forgot_password")]
pub async fn confirm_forgot_password(
    client_id: String,
    username: String,
    code: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let flow = Flow { client_id, next };
    let ui = ssr::hosted()?;
    ssr::go(
        ui.confirm_forgot_password(&flow, &username, &code, &password)
            .await,
    )
}

/// The signed-in user's demo view, or `None` without a live session.
#[server(endpoint = "demo")]
pub async fn load_demo() -> Result<Option<DemoView>, UiError> {
    let demo = ssr::demo()?;
    // A page with a user's claims and token is never cached.
    ssr::no_store();
    let (Some(id_token), Some(access_token)) = (
        ssr::cookie(crate::port::ID_TOKEN_COOKIE),
        ssr::cookie(crate::port::ACCESS_TOKEN_COOKIE),
    ) else {
        return Ok(None);
    };
    demo.view(&id_token, &access_token).await.map_err(ssr::fail)
}

/// Adds a note: the demo form's path when JavaScript is off (the hydrated page calls the
/// notes API with its access token instead).
#[server(endpoint = "add_note")]
pub async fn add_note(body: String) -> Result<(), UiError> {
    let demo = ssr::demo()?;
    let Some(access_token) = ssr::cookie(crate::port::ACCESS_TOKEN_COOKIE) else {
        leptos_axum::redirect("/login?next=%2Fdemo");
        return Ok(());
    };
    demo.add_note(&access_token, &body)
        .await
        .map_err(ssr::fail)?;
    leptos_axum::redirect("/demo");
    Ok(())
}

/// The signed-in user's account, or `None` without a live sign-in.
#[server(endpoint = "account")]
pub async fn load_account() -> Result<Option<AccountView>, UiError> {
    let account = ssr::account()?;
    ssr::no_store();
    let Some(token) = ssr::cookie(crate::port::ACCESS_TOKEN_COOKIE) else {
        return Ok(None);
    };
    account.view(&token).await.map_err(ssr::fail)
}

/// Runs an account form with the sign-in's access token, or sends the browser to sign in.
#[cfg(feature = "ssr")]
async fn with_account<F, Fut>(run: F) -> Result<(), UiError>
where
    F: FnOnce(std::sync::Arc<dyn crate::port::AccountUi>, String) -> Fut,
    Fut: std::future::Future<Output = Result<crate::port::Next, UiError>>,
{
    let account = ssr::account()?;
    ssr::no_store();
    let Some(token) = ssr::cookie(crate::port::ACCESS_TOKEN_COOKIE) else {
        leptos_axum::redirect(crate::links::ACCOUNT_SIGN_IN);
        return Ok(());
    };
    ssr::go(run(account, token).await)
}

#[server(endpoint = "account_attribute")]
pub async fn account_attribute(name: String, value: String) -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.set_attribute(&token, &name, &value).await }).await
}

#[server(endpoint = "account_email_code")]
pub async fn account_email_code() -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.send_email_code(&token).await }).await
}

#[server(endpoint = "account_verify_email")]
pub async fn account_verify_email(code: String) -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.verify_email(&token, &code).await }).await
}

#[server(endpoint = "account_password")]
pub async fn account_password(old_password: String, password: String) -> Result<(), UiError> {
    with_account(
        |ui, token| async move { ui.change_password(&token, &old_password, &password).await },
    )
    .await
}

/// A new authenticator secret for the account's add-an-app form.
#[server(endpoint = "account_app_secret")]
pub async fn account_app_secret() -> Result<Option<AppSetupView>, UiError> {
    let account = ssr::account()?;
    ssr::no_store();
    let Some(token) = ssr::cookie(crate::port::ACCESS_TOKEN_COOKIE) else {
        return Ok(None);
    };
    account.start_app(&token).await.map(Some).map_err(ssr::fail)
}

#[server(endpoint = "account_app")]
pub async fn account_app(code: String) -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.finish_app(&token, &code).await }).await
}

#[server(endpoint = "account_mfa")]
pub async fn account_mfa(change: String) -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.change_mfa(&token, &change).await }).await
}

/// A new passkey's creation options, for the signed-in user.
#[server(endpoint = "passkey_registration")]
pub async fn passkey_registration() -> Result<String, UiError> {
    let (account, token) = ssr::signed_in_account()?;
    account
        .passkey_registration(&token)
        .await
        .map_err(ssr::fail)
}

/// The authenticator's new passkey, for the signed-in user.
#[server(endpoint = "passkey_add")]
pub async fn passkey_add(credential: String) -> Result<(), UiError> {
    let (account, token) = ssr::signed_in_account()?;
    account
        .add_passkey(&token, &credential)
        .await
        .map_err(ssr::fail)
}

#[server(endpoint = "account_delete_passkey")]
pub async fn account_delete_passkey(passkey_id: String) -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.delete_passkey(&token, &passkey_id).await }).await
}

#[server(endpoint = "account_forget_device")]
pub async fn account_forget_device(device_key: String) -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.forget_device(&token, &device_key).await }).await
}

#[server(endpoint = "account_sign_out")]
pub async fn account_sign_out() -> Result<(), UiError> {
    let session = ssr::session_cookie();
    with_account(
        |ui, token| async move { ui.sign_out_everywhere(&token, session.as_deref()).await },
    )
    .await
}

#[server(endpoint = "account_delete")]
pub async fn account_delete(password: String) -> Result<(), UiError> {
    with_account(|ui, token| async move { ui.delete_account(&token, &password).await }).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use std::sync::Arc;

    use http::header::{ACCEPT, CACHE_CONTROL, SET_COOKIE};
    use http::request::Parts;
    use http::{HeaderValue, StatusCode};
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;

    use crate::error::UiError;
    use crate::port::{AccountUi, DemoUi, HostedUi, Next};

    pub fn hosted() -> Result<Arc<dyn HostedUi>, UiError> {
        use_context::<Arc<dyn HostedUi>>().ok_or_else(UiError::unavailable)
    }

    pub fn account() -> Result<Arc<dyn AccountUi>, UiError> {
        use_context::<Arc<dyn AccountUi>>().ok_or_else(UiError::unavailable)
    }

    /// The account door and the sign-in's access token, for a page script's call (which,
    /// unlike a form, is told plainly when the sign-in has ended).
    pub fn signed_in_account() -> Result<(Arc<dyn AccountUi>, String), UiError> {
        let account = account()?;
        no_store();
        let token = cookie(crate::port::ACCESS_TOKEN_COOKIE).ok_or_else(|| {
            UiError::new(
                crate::error::UiErrorKind::NotAuthorized,
                "Your sign-in has ended. Sign in again to add a passkey.",
            )
        })?;
        Ok((account, token))
    }

    pub fn demo() -> Result<Arc<dyn DemoUi>, UiError> {
        use_context::<Arc<dyn DemoUi>>().ok_or_else(UiError::unavailable)
    }

    /// A form's `client_id`, `None` when left empty (the default client).
    pub fn given(client_id: &str) -> Option<&str> {
        Some(client_id.trim()).filter(|id| !id.is_empty())
    }

    /// Gives a script caller the error's status; a plain form post is redirected back to
    /// its page by Leptos, so its status stays a redirect.
    pub fn fail(error: UiError) -> UiError {
        let from_script = use_context::<Parts>().is_some_and(|parts| {
            !parts
                .headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        });
        if from_script
            && let (Some(response), Ok(status)) = (
                use_context::<ResponseOptions>(),
                StatusCode::from_u16(error.status()),
            )
        {
            response.set_status(status);
        }
        error
    }

    /// Follows a form's answer: its cookies set and the browser sent on, or its error.
    pub fn go(next: Result<Next, UiError>) -> Result<(), UiError> {
        let next = next.map_err(fail)?;
        for cookie in &next.cookies {
            set_cookie(cookie);
        }
        leptos_axum::redirect(&next.location);
        Ok(())
    }

    pub fn no_store() {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.insert_header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }

    pub fn set_cookie(cookie: &str) {
        if let (Some(response), Ok(value)) = (
            use_context::<ResponseOptions>(),
            HeaderValue::from_str(cookie),
        ) {
            response.append_header(SET_COOKIE, value);
        }
    }

    /// The session cookie's value from the request, if any.
    pub fn session_cookie() -> Option<String> {
        crate::port::session_cookie(&use_context::<Parts>()?.headers)
    }

    /// The value of the request's cookie `name`, if any.
    pub fn cookie(name: &str) -> Option<String> {
        crate::port::cookie(&use_context::<Parts>()?.headers, name)
    }
}
