//! Cognate's server: the user-pool domain, its storage, and the doors onto it.

pub mod clock;
pub mod config;
pub mod health;
pub mod mail;
pub mod pool;
pub mod startup;
pub mod store;
pub mod telemetry;
