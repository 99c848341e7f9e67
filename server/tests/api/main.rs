//! API tests: the real router on port 0 with a fresh SQLite file per test.

mod account;
mod binary;
mod client_credentials;
mod cognito_admin;
mod cognito_bad_input;
mod cognito_public;
mod cognito_sign_in_attributes;
mod cognito_srp;
mod cognito_users;
mod cross_door;
mod federation;
mod helpers;
mod hosted;
mod hosted_mfa;
mod hostile;
mod logs;
mod mail;
mod mfa;
mod oidc;
mod pages;
mod providers;
mod security;
mod startup;
mod store_contract;
mod tokens;
mod users;
