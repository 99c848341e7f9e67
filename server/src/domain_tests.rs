//! The domain's rules, tested over the test kit (`testkit`): a real SQLite store, a captured
//! mailer, a fake identity provider and STS. They live in the server crate because the
//! domain crate links no storage engine; each file is one topic of `domain/src/pool/service`.

mod account;
mod admin;
mod admin_users;
mod attributes;
mod federation;
mod groups;
mod identities;
mod identity_pools;
mod logout;
mod mfa;
mod mfa_sign_in;
mod oauth;
mod providers;
mod reset;
mod resource_servers;
mod saml;
mod service;
mod sessions;
mod sign_in;
mod sign_up;
mod throttle;
mod token_life;
