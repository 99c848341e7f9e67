//! The adapters: the server's implementations of the domain's ports, each at the same path
//! as its port in the domain crate (`pool::store` → `store`, `pool::mailer` → `mailer`,
//! `pool::federation` → `federation`, `pool::sts` → `sts`).

/// The HTTP link to OpenID providers: discovery, keys, token and userinfo requests.
pub mod federation;
/// SMTP and the file outbox.
pub mod mailer;
/// The store on SQLite or PostgreSQL: one SQL for both.
pub mod store;
/// The STS client: AssumeRoleWithWebIdentity against SeaweedFS or AWS.
pub mod sts;
