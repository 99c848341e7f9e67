//! The doors: each translates one protocol to the domain's operations and the domain's
//! outcomes back to that protocol's shape, and holds no rule of its own.

/// The Cognito user-pool JSON API and the Cognito Identity API (SigV4, AWS's shapes).
pub mod cognito_api;
/// The demo app: a notes API behind access tokens, its page, and its S3 file browser.
pub mod demo;
/// The hosted pages' server side: the Leptos pages' ports onto the domain.
pub mod hosted;
/// OAuth 2.0 and OpenID Connect: discovery, JWKS, authorize, token, userinfo, revoke.
pub mod oidc;
/// Cognito's English sentences for the domain's InvalidParameter reasons: what the
/// Cognito API says, and what the pages show for the reasons a form can meet.
pub mod sentences;
