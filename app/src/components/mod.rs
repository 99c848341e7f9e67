//! Pieces shared by several hosted pages.

pub mod form;
pub mod layout;
pub mod passkeys;
pub mod password_checklist;
