//! The hosted pages' server functions: each takes the `HostedUi` from context, calls it,
//! and redirects to the flow's next page. They answer a plain form POST (JavaScript off)
//! and the hydrated page's fetch alike.

use leptos::prelude::*;

use crate::dto::{ClientView, DemoView};
use crate::error::UiError;
#[cfg(feature = "ssr")]
use crate::error::UiErrorKind;
#[cfg(feature = "ssr")]
use crate::links;
#[cfg(feature = "ssr")]
use crate::port::{CHALLENGE_COOKIE, SignInCookie};

/// The page's app client and its password policy.
#[server(endpoint = "client")]
pub async fn load_client(client_id: String) -> Result<ClientView, UiError> {
    let ui = ssr::hosted()?;
    ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(
    client_id: String,
    username: String,
    email: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let client = ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)?;
    // Where the email is the username, the form has no username field of its own.
    let username = if client.email_is_username {
        email.trim()
    } else {
        username.trim()
    };
    ui.sign_up(&client.client_id, username, email.trim(), &password)
        .await
        .map_err(ssr::fail)?;
    // No code was sent where the pool does not verify email: an administrator confirms.
    let (page, notice) = if client.verifies_email {
        ("/confirmUser", None)
    } else {
        ("/login", Some(("awaiting", "1")))
    };
    let mut query = vec![
        ("client_id", client_id.as_str()),
        ("username", username),
        ("next", next.as_str()),
    ];
    query.extend(notice);
    leptos_axum::redirect(&links::page(page, &query));
    Ok(())
}

#[server(endpoint = "confirm_sign_up")]
pub async fn confirm_sign_up(
    client_id: String,
    username: String,
    code: String,
    next: String,
) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let client = ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)?;
    let username = username.trim();
    ui.confirm_sign_up(&client.client_id, username, code.trim())
        .await
        .map_err(ssr::fail)?;
    leptos_axum::redirect(&links::page(
        "/login",
        &[
            ("client_id", &client_id),
            ("username", username),
            ("confirmed", "1"),
            ("next", &next),
        ],
    ));
    Ok(())
}

#[server(endpoint = "resend_code")]
pub async fn resend_code(client_id: String, username: String, next: String) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let client = ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)?;
    let username = username.trim();
    ui.resend_code(&client.client_id, username)
        .await
        .map_err(ssr::fail)?;
    leptos_axum::redirect(&links::page(
        "/confirmUser",
        &[
            ("client_id", &client_id),
            ("username", username),
            ("resent", "1"),
            ("next", &next),
        ],
    ));
    Ok(())
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    client_id: String,
    username: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let client = ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)?;
    let username = username.trim();
    let signed_in = ui
        .sign_in(&client.client_id, username, &password)
        .await
        .map_err(ssr::fail)?;
    match signed_in {
        SignInCookie::Session(cookies) => {
            for cookie in &cookies {
                ssr::set_cookie(cookie);
            }
            leptos_axum::redirect(&links::after_sign_in(&next));
        }
        // A temporary password: a new one finishes the sign-in.
        SignInCookie::NewPasswordRequired(cookie) => {
            ssr::set_cookie(&cookie);
            leptos_axum::redirect(&links::page(
                "/newPassword",
                &[
                    ("client_id", &client_id),
                    ("username", username),
                    ("next", &next),
                ],
            ));
        }
    }
    Ok(())
}

/// The new-password step after a temporary password: its challenge travels in a cookie.
#[server(endpoint = "new_password")]
pub async fn new_password(
    client_id: String,
    username: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let client = ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)?;
    let Some(challenge) = ssr::cookie(CHALLENGE_COOKIE) else {
        return Err(ssr::fail(UiError::new(
            UiErrorKind::NotAuthorized,
            "This step has expired. Sign in again with your temporary password.",
        )));
    };
    let cookies = ui
        .set_new_password(&client.client_id, &challenge, username.trim(), &password)
        .await
        .map_err(ssr::fail)?;
    for cookie in &cookies {
        ssr::set_cookie(cookie);
    }
    leptos_axum::redirect(&links::after_sign_in(&next));
    Ok(())
}

/// `/oauth2/continue`: an app's sign-in request, resumed once the user has signed in here.
#[server(endpoint = "continue_sign_in")]
pub async fn continue_sign_in(request: String) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let session = ssr::session_cookie();
    let location = ui
        .continue_authorization(&request, session.as_deref())
        .await
        .map_err(ssr::fail)?;
    ssr::no_store();
    leptos_axum::redirect(&location);
    Ok(())
}

#[server(endpoint = "forgot_password")]
pub async fn forgot_password(
    client_id: String,
    username: String,
    next: String,
) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let client = ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)?;
    let username = username.trim();
    ui.forgot_password(&client.client_id, username)
        .await
        .map_err(ssr::fail)?;
    leptos_axum::redirect(&links::page(
        "/confirmForgotPassword",
        &[
            ("client_id", &client_id),
            ("username", username),
            ("next", &next),
        ],
    ));
    Ok(())
}

#[server(endpoint = "confirm_forgot_password")]
pub async fn confirm_forgot_password(
    client_id: String,
    username: String,
    code: String,
    password: String,
    next: String,
) -> Result<(), UiError> {
    let ui = ssr::hosted()?;
    let client = ui.client(ssr::given(&client_id)).await.map_err(ssr::fail)?;
    let username = username.trim();
    ui.confirm_forgot_password(&client.client_id, username, code.trim(), &password)
        .await
        .map_err(ssr::fail)?;
    leptos_axum::redirect(&links::page(
        "/login",
        &[
            ("client_id", &client_id),
            ("username", username),
            ("reset", "1"),
            ("next", &next),
        ],
    ));
    Ok(())
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

#[cfg(feature = "ssr")]
mod ssr {
    use std::sync::Arc;

    use http::header::{ACCEPT, CACHE_CONTROL, SET_COOKIE};
    use http::request::Parts;
    use http::{HeaderValue, StatusCode};
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;

    use crate::error::UiError;
    use crate::port::{DemoUi, HostedUi};

    pub fn hosted() -> Result<Arc<dyn HostedUi>, UiError> {
        use_context::<Arc<dyn HostedUi>>().ok_or_else(UiError::unavailable)
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
