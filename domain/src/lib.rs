//! Cognate's domain: the user pools and identity pools (`pool`), the tokens they sign
//! (`tokens`) and the clock they read (`clock`). It knows no HTTP, no HTML and no SQL: the
//! doors and adapters that do live in the server crate, and this crate's dependencies keep
//! them out.

pub mod clock;
pub mod pool;
pub mod tokens;
