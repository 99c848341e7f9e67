//! Cognate's server: the doors onto the domain (`doors`), the domain's ports made real
//! (`adapters`), and what runs them (`plumbing`). The domain itself is the `domain` crate,
//! re-exported here under the paths the server names it by.

pub mod adapters;
#[cfg(test)]
mod domain_tests;
pub mod doors;
pub mod plumbing;
#[cfg(test)]
pub(crate) mod testkit;

pub use domain::{clock, pool, tokens};
