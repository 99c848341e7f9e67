//! App clients: their settings, the flows and scopes they may use, their redirect URLs.

use serde::{Deserialize, Serialize};

use super::{ClientId, ClientSecret, PoolId};
use crate::clock::Timestamp;
use crate::pool::invalid::{ClientFault, Invalid};
use crate::pool::{Denied, PoolError};

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
    /// Seconds (1 hour by default, 5 minutes to 1 day, as Cognito allows).
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
    /// Cognito's `ReadAttributes`: the attributes this client's users and tokens show;
    /// empty, all of them.
    pub read_attributes: Vec<String>,
    /// Cognito's `WriteAttributes`: the attributes a user may set through this client
    /// (SignUp, UpdateUserAttributes); empty, all that users may write.
    pub write_attributes: Vec<String>,
    /// Cognito's `EnablePropagateAdditionalUserContextData`: the address an app's back end
    /// names in `UserContextData.IpAddress` is its user's (taken only from a client with a
    /// secret: anyone could claim one through a public client).
    pub propagate_user_context: bool,
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

/// The names `ExplicitAuthFlows` took before the `ALLOW_` ones. Cognito still takes them
/// (never mixed with `ALLOW_` ones); a client named with them may also use SRP and refresh.
pub const LEGACY_AUTH_FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
];

/// The `ALLOW_` entry a legacy `ExplicitAuthFlows` name stands for.
fn legacy_meaning(legacy: &str) -> Option<&'static str> {
    Some(match legacy {
        "ADMIN_NO_SRP_AUTH" => "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "USER_PASSWORD_AUTH" => "ALLOW_USER_PASSWORD_AUTH",
        "CUSTOM_AUTH_FLOW_ONLY" => "ALLOW_CUSTOM_AUTH",
        _ => return None,
    })
}

/// Cognito's rule on `ExplicitAuthFlows`: known names, and legacy names not mixed with
/// `ALLOW_` ones.
pub fn check_auth_flows(flows: &[String]) -> Result<(), PoolError> {
    if let Some(unknown) = flows
        .iter()
        .find(|f| !AUTH_FLOWS.contains(&f.as_str()) && !LEGACY_AUTH_FLOWS.contains(&f.as_str()))
    {
        return Err(invalid(ClientFault::UnknownAuthFlow(unknown.clone())));
    }
    let legacy = flows
        .iter()
        .any(|f| LEGACY_AUTH_FLOWS.contains(&f.as_str()));
    if legacy && flows.iter().any(|f| f.starts_with("ALLOW_")) {
        return Err(invalid(ClientFault::MixedAuthFlows));
    }
    Ok(())
}

/// The sign-in flows Cognate answers (Cognito's `AuthFlowType`), each allowed to a client
/// by its `ALLOW_…` entry in ExplicitAuthFlows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthFlow {
    /// `USER_PASSWORD_AUTH`: the password sent as is (InitiateAuth).
    UserPassword,
    /// `ADMIN_USER_PASSWORD_AUTH` (or its old name `ADMIN_NO_SRP_AUTH`): the same, by an
    /// administrator (AdminInitiateAuth).
    AdminUserPassword,
    /// `USER_SRP_AUTH`: the password proven without sending it (SRP-6a).
    UserSrp,
    /// `REFRESH_TOKEN_AUTH` (or `REFRESH_TOKEN`): new tokens for a refresh token.
    RefreshToken,
    /// `CUSTOM_AUTH`: the pool's auth challenge triggers lead the sign-in.
    Custom,
    /// `USER_AUTH`: choice-based sign-in, with a first factor the pool allows (a
    /// password, a passkey, an emailed code).
    UserAuth,
}

impl AuthFlow {
    /// Cognito's name of the flow.
    pub fn name(self) -> &'static str {
        match self {
            Self::UserPassword => "USER_PASSWORD_AUTH",
            Self::AdminUserPassword => "ADMIN_USER_PASSWORD_AUTH",
            Self::UserSrp => "USER_SRP_AUTH",
            Self::RefreshToken => "REFRESH_TOKEN_AUTH",
            Self::Custom => "CUSTOM_AUTH",
            Self::UserAuth => "USER_AUTH",
        }
    }

    /// The flow Cognito names `name`, old names included; `None` for one Cognate lacks.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "USER_PASSWORD_AUTH" => Self::UserPassword,
            "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => Self::AdminUserPassword,
            "USER_SRP_AUTH" => Self::UserSrp,
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => Self::RefreshToken,
            "CUSTOM_AUTH" => Self::Custom,
            "USER_AUTH" => Self::UserAuth,
            _ => return None,
        })
    }

    /// Its entry in a client's ExplicitAuthFlows.
    fn allowed_as(self) -> &'static str {
        match self {
            Self::UserPassword => "ALLOW_USER_PASSWORD_AUTH",
            Self::AdminUserPassword => "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            Self::UserSrp => "ALLOW_USER_SRP_AUTH",
            Self::RefreshToken => "ALLOW_REFRESH_TOKEN_AUTH",
            Self::Custom => "ALLOW_CUSTOM_AUTH",
            Self::UserAuth => "ALLOW_USER_AUTH",
        }
    }
}

impl AppClient {
    /// Whether `ExplicitAuthFlows` allows `flow` (`ALLOW_…`): by name, or in a client named
    /// with legacy values, by their meaning, SRP and refresh included.
    pub fn allows(&self, flow: &str) -> bool {
        let flows = &self.settings.explicit_auth_flows;
        let legacy = flows.iter().any(|f| legacy_meaning(f).is_some());
        flows
            .iter()
            .any(|f| f == flow || legacy_meaning(f) == Some(flow))
            || (legacy && matches!(flow, "ALLOW_USER_SRP_AUTH" | "ALLOW_REFRESH_TOKEN_AUTH"))
    }

    /// Cognito refuses a flow the client's ExplicitAuthFlows does not allow.
    pub fn check_flow(&self, flow: AuthFlow) -> Result<(), PoolError> {
        if self.allows(flow.allowed_as()) {
            Ok(())
        } else {
            Err(invalid(ClientFault::FlowNotEnabled(flow)))
        }
    }
}

impl ClientSettings {
    /// Cognito's rules on a client's OAuth settings, and what Cognate supports; `custom`
    /// are the pool's resource-server scopes, `providers` its identity providers' names.
    pub fn check_oauth(&self, custom: &[String], providers: &[String]) -> Result<(), PoolError> {
        for url in self.callback_urls.iter().chain(&self.logout_urls) {
            check_redirect_url(url)?;
        }
        for flow in &self.allowed_oauth_flows {
            match flow.as_str() {
                "code" | "client_credentials" => {}
                "implicit" => {
                    return Err(invalid(ClientFault::Implicit));
                }
                other => return Err(invalid(ClientFault::UnknownOAuthFlow(other.to_string()))),
            }
        }
        for scope in &self.allowed_oauth_scopes {
            if !STANDARD_SCOPES.contains(&scope.as_str()) && !custom.contains(scope) {
                return Err(invalid(ClientFault::UnknownScope(scope.clone())));
            }
        }
        for provider in &self.identity_providers {
            if provider != "COGNITO" && !providers.contains(provider) {
                return Err(invalid(ClientFault::UnknownProvider(provider.clone())));
            }
        }
        if self.oauth_enabled {
            if self.allowed_oauth_flows.is_empty() || self.allowed_oauth_scopes.is_empty() {
                return Err(invalid(ClientFault::OAuthIncomplete));
            }
            let code = self.allowed_oauth_flows.iter().any(|f| f == "code");
            if code && self.callback_urls.is_empty() {
                return Err(invalid(ClientFault::NoCallback));
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

/// A callback or sign-out URL: absolute, without a fragment (RFC 6749 §3.1.2); https, or
/// http to this machine (loopback), or an app's own scheme (`myapp://callback`).
fn check_redirect_url(value: &str) -> Result<(), PoolError> {
    let refused = || invalid(ClientFault::CallbackUrl(value.to_string()));
    let url = url::Url::parse(value).map_err(|_| refused())?;
    if url.fragment().is_some() || value.len() > 1024 {
        return Err(refused());
    }
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" | "javascript" | "data" | "file" | "vbscript" | "blob" => Err(refused()),
        _ => Ok(()),
    }
}

/// The default client's callback and sign-out URLs: a local app on any port.
pub const LOCAL_CALLBACKS: &[&str] = &["http://localhost/callback", "http://127.0.0.1/callback"];
pub const LOCAL_SIGN_OUTS: &[&str] = &["http://localhost/", "http://127.0.0.1/"];

impl ClientSettings {
    /// Whether this client shows the attribute `name`.
    pub fn reads(&self, name: &str) -> bool {
        self.read_attributes.is_empty() || self.read_attributes.iter().any(|a| a == name)
    }

    /// Whether a user may write the attribute `name` through this client.
    pub fn writes(&self, name: &str) -> bool {
        self.write_attributes.is_empty() || self.write_attributes.iter().any(|a| a == name)
    }

    /// Refuses an attribute a user of this client may not write.
    pub fn check_writes<'a>(
        &self,
        mut names: impl Iterator<Item = &'a String>,
    ) -> Result<(), PoolError> {
        if names.any(|name| !self.writes(name)) {
            return Err(PoolError::NotAuthorized(Denied::AttributeNotWritable));
        }
        Ok(())
    }
}

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
            read_attributes: Vec::new(),
            write_attributes: Vec::new(),
            propagate_user_context: false,
        }
    }
}

fn invalid(fault: ClientFault) -> PoolError {
    PoolError::InvalidParameter(Invalid::Client(fault))
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
