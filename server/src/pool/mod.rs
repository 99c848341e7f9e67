//! The user-pool domain: pools, app clients and (as they arrive) users, with every rule.

pub mod codes;
mod error;
pub mod filter;
mod ids;
pub mod passwords;
pub mod secrets;
mod service;
pub mod srp;
mod users;

pub use error::PoolError;
pub use ids::{ClientId, ClientSecret, PoolId};
pub use service::{
    AuthorizeError, AuthorizeParams, Authorized, CodeDelivery, LogoutParams, NEW_PASSWORD_REQUIRED,
    NewUser, OAuthError, OAuthTokens, PASSWORD_VERIFIER, SessionView, SignInStep, SignUpInput,
    SignUpOutcome, SignedIn, SrpChallenge, SrpClaim, UserPool, is_standard_scope,
};
pub use users::{
    Attributes, EmailSignIn, Sub, User, UserStatus, check_email, check_username, fold, mask_email,
};

use app::policy::PasswordPolicy;
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, Timestamp};
use crate::config::DefaultPoolSettings;
use crate::store::{Store, StoreError};

/// A user pool's stored definition (Cognito's `UserPoolType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolConfig {
    pub id: PoolId,
    pub name: String,
    pub settings: PoolSettings,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The pool's rules that users meet: stored as one document so new ones need no migration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolSettings {
    pub password_policy: PasswordPolicy,
    /// Attributes a sign-up must give (Cognito schema `Required`).
    pub required_attributes: Vec<String>,
    /// Cognito's `UsernameAttributes`: `[]` or `["email"]` (the email is the username).
    /// Fixed when the pool is created.
    pub username_attributes: Vec<String>,
    /// Cognito's `AliasAttributes`: `[]` or `["email"]` (a verified email signs in too).
    /// Fixed when the pool is created.
    pub alias_attributes: Vec<String>,
    /// Cognito's `AutoVerifiedAttributes`: `[]` or `["email"]` (sign-up and a changed email
    /// are verified by an emailed code; without it an administrator confirms users).
    pub auto_verified_attributes: Vec<String>,
}

/// Cognate's own pools (the default pool, and every pool stored before these settings
/// existed): a verified email is an alias, and sign-up emails a code.
impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            password_policy: PasswordPolicy::default(),
            required_attributes: vec!["email".to_string()],
            username_attributes: Vec::new(),
            alias_attributes: vec!["email".to_string()],
            auto_verified_attributes: vec!["email".to_string()],
        }
    }
}

impl PoolSettings {
    /// Cognito's rules on the sign-in attributes, and what Cognate can deliver: it sends
    /// email, never SMS, so `phone_number` can be none of them.
    pub fn check_sign_in(&self) -> Result<(), PoolError> {
        let lists = [
            (
                "UsernameAttributes",
                &self.username_attributes,
                &["email", "phone_number"][..],
            ),
            (
                "AliasAttributes",
                &self.alias_attributes,
                &["email", "phone_number", "preferred_username"],
            ),
            (
                "AutoVerifiedAttributes",
                &self.auto_verified_attributes,
                &["email", "phone_number"],
            ),
        ];
        for (member, list, cognito_values) in lists {
            for value in list {
                if !cognito_values.contains(&value.as_str()) {
                    return Err(PoolError::InvalidParameter(format!(
                        "{member} may hold only {}; {value:?} is not one.",
                        cognito_values.join(", ")
                    )));
                }
                match value.as_str() {
                    "email" => {}
                    "phone_number" => {
                        return Err(PoolError::InvalidParameter(format!(
                            "Cognate sends email, not SMS: {member} cannot hold phone_number."
                        )));
                    }
                    _ => {
                        return Err(PoolError::InvalidParameter(format!(
                            "Cognate does not support {value} in {member}; email is supported."
                        )));
                    }
                }
            }
        }
        if !self.username_attributes.is_empty() && !self.alias_attributes.is_empty() {
            return Err(PoolError::InvalidParameter(
                "Only one of AliasAttributes or UsernameAttributes can be set in a User Pool."
                    .into(),
            ));
        }
        Ok(())
    }

    /// Whether (and when) a user's email signs them in.
    pub fn email_sign_in(&self) -> EmailSignIn {
        let email = |list: &[String]| list.iter().any(|a| a == "email");
        if email(&self.username_attributes) {
            EmailSignIn::AsUsername
        } else if email(&self.alias_attributes) {
            EmailSignIn::WhenVerified
        } else {
            EmailSignIn::No
        }
    }

    /// Whether emails are verified by a code sent at sign-up and on change.
    pub fn verifies_email(&self) -> bool {
        self.auto_verified_attributes.iter().any(|a| a == "email")
    }
}

/// An app client of a pool (Cognito's `UserPoolClientType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppClient {
    pub id: ClientId,
    pub pool_id: PoolId,
    pub name: String,
    /// Kept as given: Cognito returns it from DescribeUserPoolClient, and SECRET_HASH is
    /// an HMAC keyed with it.
    pub secret: Option<ClientSecret>,
    pub settings: ClientSettings,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An app client's settings, stored as one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientSettings {
    /// Exact-match redirect URIs (Cognito `CallbackURLs`).
    pub callback_urls: Vec<String>,
    /// Exact-match sign-out redirect URIs (Cognito `LogoutURLs`).
    pub logout_urls: Vec<String>,
    /// Seconds (SPEC §4: 1 hour by default, 5 minutes to 1 day).
    pub id_token_validity: i64,
    pub access_token_validity: i64,
    /// Seconds (30 days by default).
    pub refresh_token_validity: i64,
    /// Cognito's `PreventUserExistenceErrors`: ENABLED (true) by default for new clients.
    pub prevent_user_existence_errors: bool,
    /// Cognito's `ExplicitAuthFlows` (`ALLOW_USER_PASSWORD_AUTH`, …): the API sign-in flows
    /// this client may use. The hosted pages are not bound by it, as Cognito's are not.
    pub explicit_auth_flows: Vec<String>,
    /// Cognito's `AllowedOAuthFlowsUserPoolClient`: OAuth 2.0 is on for this client.
    pub oauth_enabled: bool,
    /// Cognito's `AllowedOAuthFlows`: `code`, `client_credentials` (`implicit` is refused).
    pub allowed_oauth_flows: Vec<String>,
    /// Cognito's `AllowedOAuthScopes`: `openid`, `email`, `phone`, `profile`,
    /// `aws.cognito.signin.user.admin`, and resource servers' `<identifier>/<scope>`.
    pub allowed_oauth_scopes: Vec<String>,
    /// Cognito's `SupportedIdentityProviders`: `COGNITO` (the pool's own users) or nothing.
    pub identity_providers: Vec<String>,
}

/// The scopes OpenID Connect and Cognito define (custom ones come from resource servers).
pub const STANDARD_SCOPES: &[&str] = &[
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];

/// The flows Cognito gives a client created without `ExplicitAuthFlows`.
pub const COGNITO_DEFAULT_FLOWS: &[&str] = &[
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
];

/// Every value `ExplicitAuthFlows` may hold.
pub const AUTH_FLOWS: &[&str] = &[
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];

impl AppClient {
    /// Whether `ExplicitAuthFlows` holds `flow` (`ALLOW_…`).
    pub fn allows(&self, flow: &str) -> bool {
        self.settings.explicit_auth_flows.iter().any(|f| f == flow)
    }

    /// Cognito refuses a flow (`USER_PASSWORD_AUTH`, …) the client's ExplicitAuthFlows does
    /// not allow.
    pub fn check_flow(&self, flow: &str) -> Result<(), PoolError> {
        if self.allows(&format!("ALLOW_{flow}")) {
            Ok(())
        } else {
            Err(PoolError::InvalidParameter(format!(
                "{flow} flow not enabled for this client"
            )))
        }
    }
}

impl ClientSettings {
    /// Cognito's rules on a client's OAuth settings, and what Cognate supports; `custom`
    /// are the pool's resource-server scopes.
    pub fn check_oauth(&self, custom: &[String]) -> Result<(), PoolError> {
        let invalid = |message: String| Err(PoolError::InvalidParameter(message));
        for url in self.callback_urls.iter().chain(&self.logout_urls) {
            check_redirect_url(url)?;
        }
        for flow in &self.allowed_oauth_flows {
            match flow.as_str() {
                "code" | "client_credentials" => {}
                "implicit" => {
                    return invalid(
                        "The implicit flow is not supported: use code with PKCE.".into(),
                    );
                }
                other => return invalid(format!("'{other}' is not an OAuth flow.")),
            }
        }
        for scope in &self.allowed_oauth_scopes {
            if !STANDARD_SCOPES.contains(&scope.as_str()) && !custom.contains(scope) {
                return invalid(format!("'{scope}' is not a scope this pool knows."));
            }
        }
        for provider in &self.identity_providers {
            if provider != "COGNITO" {
                return invalid(format!(
                    "The identity provider {provider} does not exist: Cognate has COGNITO only."
                ));
            }
        }
        if self.oauth_enabled {
            if self.allowed_oauth_flows.is_empty() || self.allowed_oauth_scopes.is_empty() {
                return invalid(
                    "AllowedOAuthFlows and AllowedOAuthScopes are required when \
                     AllowedOAuthFlowsUserPoolClient is true."
                        .into(),
                );
            }
            let code = self.allowed_oauth_flows.iter().any(|f| f == "code");
            if code && self.callback_urls.is_empty() {
                return invalid("The code flow needs at least one callback URL.".into());
            }
        }
        Ok(())
    }
}

/// Whether `given` is the registered redirect URL `registered`: the same string, or, for a
/// loopback URL registered without a port (`http://localhost/callback`), the same URL on
/// any port, as RFC 8252 §7.3 asks for apps on the user's own machine.
pub fn redirect_matches(registered: &str, given: &str) -> bool {
    if registered == given {
        return true;
    }
    let (Ok(registered), Ok(given)) = (url::Url::parse(registered), url::Url::parse(given)) else {
        return false;
    };
    let loopback = matches!(
        registered.host_str(),
        Some("localhost" | "127.0.0.1" | "[::1]")
    );
    let mut on_port = given.clone();
    if on_port.set_port(None).is_err() {
        return false;
    }
    loopback
        && registered.scheme() == "http"
        && registered.port().is_none()
        && on_port == registered
}

#[cfg(test)]
mod tests {
    use super::redirect_matches;

    #[test]
    fn loopback_callbacks_registered_without_a_port_match_any_port() {
        let registered = "http://localhost/callback";
        assert!(redirect_matches(
            registered,
            "http://localhost:8080/callback"
        ));
        assert!(redirect_matches(registered, "http://localhost/callback"));
        assert!(!redirect_matches(registered, "http://localhost:8080/other"));
        assert!(!redirect_matches(
            registered,
            "http://evil.example:8080/callback"
        ));
        assert!(!redirect_matches(
            registered,
            "http://localhost:8080/callback?x=1"
        ));
        // A port, once registered, is exact; and only loopback hosts are flexible.
        assert!(!redirect_matches(
            "http://localhost:3000/cb",
            "http://localhost:3001/cb"
        ));
        assert!(!redirect_matches(
            "https://app.example/cb",
            "https://app.example:8443/cb"
        ));
        assert!(redirect_matches(
            "https://app.example/cb",
            "https://app.example/cb"
        ));
    }
}

/// A callback or sign-out URL: absolute, without a fragment (RFC 6749 §3.1.2); https, or
/// http to this machine (loopback), or an app's own scheme (`myapp://callback`).
fn check_redirect_url(value: &str) -> Result<(), PoolError> {
    let invalid = || {
        PoolError::InvalidParameter(format!(
            "'{value}' is not a valid callback URL: https (http only for localhost), no fragment."
        ))
    };
    let url = url::Url::parse(value).map_err(|_| invalid())?;
    if url.fragment().is_some() || value.len() > 1024 {
        return Err(invalid());
    }
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" | "javascript" | "data" | "file" | "vbscript" | "blob" => Err(invalid()),
        _ => Ok(()),
    }
}

/// The default client's callback and sign-out URLs: a local app on any port.
pub const LOCAL_CALLBACKS: &[&str] = &["http://localhost/callback", "http://127.0.0.1/callback"];
pub const LOCAL_SIGN_OUTS: &[&str] = &["http://localhost/", "http://127.0.0.1/"];

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            id_token_validity: 3600,
            access_token_validity: 3600,
            refresh_token_validity: 30 * 24 * 3600,
            prevent_user_existence_errors: true,
            // Cognate's own default client signs in with a password through the API too.
            explicit_auth_flows: [
                "ALLOW_USER_PASSWORD_AUTH",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH",
                "ALLOW_USER_SRP_AUTH",
            ]
            .map(String::from)
            .to_vec(),
            // ... and through OAuth 2.0 / OpenID Connect (the authorization code flow), for
            // an app on the developer's machine: any port of localhost (RFC 8252 §7.3).
            callback_urls: LOCAL_CALLBACKS.iter().map(|s| s.to_string()).collect(),
            logout_urls: LOCAL_SIGN_OUTS.iter().map(|s| s.to_string()).collect(),
            oauth_enabled: true,
            allowed_oauth_flows: vec!["code".to_string()],
            allowed_oauth_scopes: STANDARD_SCOPES.iter().map(|s| s.to_string()).collect(),
            identity_providers: vec!["COGNITO".to_string()],
        }
    }
}

/// A group of a pool's users (Cognito's `GroupType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub pool_id: PoolId,
    /// Case-sensitive, as Cognito's.
    pub name: String,
    pub description: Option<String>,
    /// Lower wins when groups disagree; groups without one come last.
    pub precedence: Option<i64>,
    pub role_arn: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An API whose custom scopes app clients may be granted (Cognito's `ResourceServerType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceServer {
    pub pool_id: PoolId,
    /// Usually the API's URL; scopes are `<identifier>/<scope name>`.
    pub identifier: String,
    pub name: String,
    pub scopes: Vec<ResourceScope>,
    pub created_at: Timestamp,
}

/// One custom scope of a resource server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceScope {
    pub name: String,
    pub description: String,
}

impl ResourceServer {
    /// Its scopes as clients name them: `<identifier>/<scope name>`.
    pub fn full_scopes(&self) -> impl Iterator<Item = String> + '_ {
        self.scopes
            .iter()
            .map(|scope| format!("{}/{}", self.identifier, scope.name))
    }
}

/// One sign-in's refresh-token family (its id is the tokens' `origin_jti`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFamily {
    pub id: String,
    pub pool_id: PoolId,
    pub user_sub: Sub,
    pub client_id: ClientId,
    /// SHA-256 of the refresh token.
    pub refresh_hash: String,
    pub scope: String,
    pub auth_time: Timestamp,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// The pool and client the hosted pages use when a request names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultPool {
    pub pool: PoolConfig,
    pub client: AppClient,
    /// Whether this start created them.
    pub created: bool,
}

/// Returns the default pool and client, creating them on first start.
#[tracing::instrument(skip_all)]
pub async fn ensure_default_pool(
    store: &dyn Store,
    clock: &dyn Clock,
    settings: &DefaultPoolSettings,
) -> Result<DefaultPool, StoreError> {
    if let Some((pool, client)) = store.default_pool().await? {
        return Ok(DefaultPool {
            pool,
            client,
            created: false,
        });
    }
    let now = clock.now();
    let pool = PoolConfig {
        id: PoolId::generate(&settings.region),
        name: settings.name.clone(),
        settings: PoolSettings::default(),
        created_at: now,
        updated_at: now,
    };
    // A public client (no secret), as the hosted pages and browser apps need.
    let client = AppClient {
        id: ClientId::generate(),
        pool_id: pool.id.clone(),
        name: settings.client_name.clone(),
        secret: None,
        settings: ClientSettings::default(),
        created_at: now,
        updated_at: now,
    };
    // Another replica may have won the race: the store returns whichever pool is default.
    let (pool, client, created) = store.create_default_pool(&pool, &client).await?;
    Ok(DefaultPool {
        pool,
        client,
        created,
    })
}
