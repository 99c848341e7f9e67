//! The hosted pages' side of federated sign-ins: identity providers' answers
//! (`/oauth2/idpresponse`, `/saml2/idpresponse`), a SAML provider's sign-out answer
//! (`/saml2/logout`), and the sign-in page's "Continue with" and corporate email
//! (`/oauth2/federate`).

use super::*;

/// `GET` (or Apple's form `POST`) `/oauth2/idpresponse`: an identity provider sends the
/// user back with a `code` (or an `error`) and the `state` Cognate gave it. A sign-in there
/// starts a hosted session too (single sign-on), then goes back to the app with a code, or
/// on to the page the sign-in page was going to.
pub async fn idp_response(
    State(hosted): State<Arc<Hosted>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    answer_provider(&hosted, &headers, &query).await
}

/// `POST /oauth2/idpresponse`: the same answer as a form (Sign in with Apple's
/// `response_mode=form_post`).
pub async fn idp_response_form(
    State(hosted): State<Arc<Hosted>>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<HashMap<String, String>>,
) -> Response {
    answer_provider(&hosted, &headers, &form).await
}

async fn answer_provider(
    hosted: &Hosted,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Response {
    let given = |name: &str| {
        query
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let Some(state) = given("state") else {
        return crate::doors::oidc::error_page("The identity provider's answer has no state.");
    };
    // Only the browser that started this sign-in may finish it; another is refused before
    // the state is used, so the right browser can still come back with it.
    let started_here = app::port::cookie(headers, crate::doors::oidc::FEDERATION_COOKIE)
        .is_some_and(|cookie| bool::from(cookie.as_bytes().ct_eq(state.as_bytes())));
    if !started_here {
        return crate::doors::oidc::error_page(
            "This sign-in was not started in this browser. Go back to the app and sign in again.",
        );
    }
    let answer = match (given("code"), given("error")) {
        (_, Some(error)) => Err((error, given("error_description"))),
        (Some(code), None) => Ok(code),
        (None, None) => {
            return crate::doors::oidc::error_page("The identity provider's answer has no code.");
        }
    };
    let outcome = hosted.pool.finish_federation(state, answer).await;
    let mut response = federation_answer(hosted, outcome).await;
    // The sign-in is over, whichever way: its cookie goes.
    clear_cookie(
        &mut response,
        crate::doors::oidc::FEDERATION_COOKIE,
        "/oauth2/idpresponse",
    );
    response
}

/// A federated sign-in's end, as the browser sees it: back to the app (with a code, or its
/// refusal), on to the pages, or a page saying what went wrong.
async fn federation_answer(
    hosted: &Hosted,
    outcome: Result<Federated, FederationError>,
) -> Response {
    match outcome {
        Ok(Federated::App {
            callback,
            signed_in,
        }) => match hosted.start_session(&signed_in).await {
            Ok(cookies) => {
                redirect_setting(&crate::doors::oidc::callback_location(&callback), &cookies)
            }
            Err(error) => crate::doors::oidc::error_page(&error.message),
        },
        Ok(Federated::Pages { next, signed_in }) => match hosted.start_session(&signed_in).await {
            Ok(cookies) => redirect_setting(&links::after_sign_in(&next), &cookies),
            Err(error) => crate::doors::oidc::error_page(&error.message),
        },
        Err(FederationError::App(callback)) => {
            crate::doors::oidc::found(&crate::doors::oidc::callback_location(&callback))
        }
        Err(FederationError::Page(reason)) => crate::doors::oidc::error_page(
            &crate::doors::oidc::OAuthAnswer::from(reason).description,
        ),
    }
}

/// Appends a `Set-Cookie` that removes cookie `name` at `path`.
fn clear_cookie(response: &mut Response, name: &str, path: &str) {
    let cleared = format!("{name}=; Path={path}; Max-Age=0; HttpOnly; SameSite=Lax");
    if let Ok(value) = HeaderValue::from_str(&cleared) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// `POST /saml2/idpresponse`: a SAML provider's response (HTTP-POST binding), with the
/// `RelayState` Cognate gave it. A response to a sign-in this browser started (its cookie
/// holds the RelayState) answers that sign-in; any other is unsolicited (IdP-initiated),
/// whose RelayState must hold the app's authorization request and whose provider must
/// allow it (`IDPInit`).
pub async fn saml_response(
    State(hosted): State<Arc<Hosted>>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<HashMap<String, String>>,
) -> Response {
    let given = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let Some(response) = given("SAMLResponse") else {
        return crate::doors::oidc::error_page(
            "The identity provider's answer has no SAMLResponse.",
        );
    };
    let relay_state = given("RelayState");
    let started_here = match (
        relay_state,
        app::port::cookie(&headers, crate::doors::oidc::SAML_COOKIE),
    ) {
        (Some(relay_state), Some(cookie)) => {
            bool::from(cookie.as_bytes().ct_eq(relay_state.as_bytes()))
        }
        _ => false,
    };
    let answer = match relay_state {
        Some(state) if started_here => SamlAnswer::Solicited { state, response },
        _ => {
            let pairs = url::form_urlencoded::parse(relay_state.unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
            match crate::doors::oidc::authorize_params(pairs) {
                Ok(request) => SamlAnswer::Unsolicited {
                    request: Box::new(request),
                    response,
                },
                Err(words) => return crate::doors::oidc::error_page(&words),
            }
        }
    };
    let outcome = hosted.pool.finish_saml(answer).await;
    let mut response = federation_answer(&hosted, outcome).await;
    if started_here {
        clear_cookie(
            &mut response,
            crate::doors::oidc::SAML_COOKIE,
            "/saml2/idpresponse",
        );
    }
    response
}

/// `GET /saml2/logout?SAMLResponse=…&RelayState=…`: a SAML provider's answer to the
/// sign-out Cognate sent it (HTTP-Redirect binding); on to where the sign-out goes.
pub async fn saml_logout(
    State(hosted): State<Arc<Hosted>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let given = |name: &str| {
        query
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let (Some(message), Some(relay_state)) = (given("SAMLResponse"), given("RelayState")) else {
        return crate::doors::oidc::error_page(
            "Cognate takes sign-out answers (SAMLResponse with its RelayState) here, not \
             requests: sign out through the app.",
        );
    };
    match hosted.pool.finish_saml_sign_out(relay_state, message).await {
        Ok(next) => crate::doors::oidc::found(&next),
        Err(reason) => crate::doors::oidc::error_page(
            &crate::doors::oidc::OAuthAnswer::from(reason).description,
        ),
    }
}

/// `GET /oauth2/federate?provider=…&client_id=…&next=…`: the sign-in page's "Continue
/// with <provider>" — for the app request `next` answers (`/oauth2/continue?request=…`), or
/// for the pages themselves.
pub async fn federate(
    State(hosted): State<Arc<Hosted>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let given = |name: &str| query.get(name).map(String::as_str).unwrap_or_default();
    let flow = Flow {
        client_id: given("client_id").to_string(),
        next: given("next").to_string(),
    };
    let request = crate::doors::oidc::request_of(&flow.next);
    // The sign-in page's corporate email, or one of its "Continue with" buttons.
    let chosen = match query.get("email") {
        Some(email) => ChosenProvider::ByEmail(email),
        None => ChosenProvider::Named(given("provider")),
    };
    match hosted
        .pool
        .federate_from_pages(hosted.client_id(&flow), chosen, request, &flow.next)
        .await
    {
        Ok(to) => crate::doors::oidc::to_provider(&to, hosted.secure),
        Err(error) => crate::doors::oidc::error_page(&ui_error(error).message),
    }
}
