//! The plumbing: what runs the server around the doors — settings, start-up, the accept
//! loop, per-address admission, response guards, health, logs and owner-only files.

pub mod admission;
pub mod config;
pub mod files;
pub mod guard;
pub mod health;
pub mod serve;
pub mod startup;
pub mod telemetry;
