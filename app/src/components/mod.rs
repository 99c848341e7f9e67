//! Pieces shared by several hosted pages.

pub mod layout;
pub mod password_checklist;
