//! Cognate's server: the user-pool domain, its storage, and the doors onto it.

pub mod admission;
pub mod cognito_api;
pub mod config;
pub mod demo;
#[cfg(test)]
mod domain_tests;
pub mod federation;
pub mod files;
pub mod guard;
pub mod health;
pub mod hosted;
pub mod mail;
pub mod oidc;
pub mod serve;
pub mod startup;
pub mod store;
pub mod sts;
pub mod telemetry;
#[cfg(test)]
pub(crate) mod testkit;

// The domain, under the paths the doors and adapters name it by.
pub use domain::{clock, pool, tokens};
