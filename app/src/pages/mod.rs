//! The hosted pages, one module each.

pub mod account;
pub mod auth;
pub mod demo;
pub mod docs;
pub mod feedback;
pub mod files;
pub mod home;
pub mod mfa;
pub mod not_found;
