//! The `data-testid` names of the hosted pages' controls, defined once and mirrored by the
//! end-to-end tests in `end2end/tests/ids.ts`.

/// Set to "true" on the layout's root once the page has hydrated in the browser.
pub const HYDRATED_ATTR: &str = "data-hydrated";
pub const APP_ROOT: &str = "app-root";
pub const NAV_HOME: &str = "nav-home";
pub const NAV_DOCS: &str = "nav-docs";
pub const HOME_TITLE: &str = "home-title";
pub const HOME_LEAD: &str = "home-lead";
pub const TRY_PASSWORD_INPUT: &str = "try-password-input";
pub const PASSWORD_CHECKLIST: &str = "password-checklist";
pub const DOCS_TITLE: &str = "docs-title";
pub const DOCS_ISSUER: &str = "docs-issuer";
pub const DOCS_CLIENT_ID: &str = "docs-client-id";
pub const NOT_FOUND_TITLE: &str = "not-found-title";
pub const NAV_SIGN_IN: &str = "nav-sign-in";
pub const NAV_DEMO: &str = "nav-demo";

// The hosted forms: one form per page, so the names are shared between pages.
pub const PAGE_TITLE: &str = "page-title";
pub const USERNAME_INPUT: &str = "username-input";
pub const EMAIL_INPUT: &str = "email-input";
pub const PASSWORD_INPUT: &str = "password-input";
pub const CODE_INPUT: &str = "code-input";
pub const SUBMIT_BUTTON: &str = "submit-button";
pub const RESEND_BUTTON: &str = "resend-button";
pub const FORM_ERROR: &str = "form-error";
pub const FORM_NOTICE: &str = "form-notice";
pub const SIGN_UP_LINK: &str = "sign-up-link";
pub const SIGN_IN_LINK: &str = "sign-in-link";
pub const FORGOT_PASSWORD_LINK: &str = "forgot-password-link";
pub const CONFIRM_LINK: &str = "confirm-link";

// The demo protected page.
pub const DEMO_CLAIMS: &str = "demo-claims";
pub const NOTE_INPUT: &str = "note-input";
pub const NOTE_SUBMIT: &str = "note-submit";
pub const NOTE_LIST: &str = "note-list";
pub const NOTE_ITEM: &str = "note-item";
pub const NOTES_SOURCE: &str = "notes-source";
pub const SIGN_OUT_LINK: &str = "sign-out-link";
pub const ACCESS_TOKEN: &str = "access-token";
pub const FILES_STATUS: &str = "files-status";
pub const FILES_IDENTITY: &str = "files-identity";
pub const FILES_LIST: &str = "files-list";
pub const FILE_ITEM: &str = "file-item";
pub const FILE_NAME_INPUT: &str = "file-name-input";
pub const FILE_BODY_INPUT: &str = "file-body-input";
pub const FILE_UPLOAD: &str = "file-upload";

// The second-factor step and the account page.
pub const MFA_DESTINATION: &str = "mfa-destination";
pub const MFA_QR_CODE: &str = "mfa-qr-code";
pub const MFA_SECRET: &str = "mfa-secret";
pub const CHOOSE_APP_BUTTON: &str = "choose-app-button";
pub const CHOOSE_EMAIL_BUTTON: &str = "choose-email-button";
pub const ACCOUNT_USERNAME: &str = "account-username";
pub const APP_STATUS: &str = "app-status";
pub const EMAIL_CODES_STATUS: &str = "email-codes-status";
pub const ADD_APP_LINK: &str = "add-app-link";
pub const NAV_ACCOUNT: &str = "nav-account";
pub const NAV_SIGN_OUT: &str = "nav-sign-out";
pub const ACCOUNT_LINK: &str = "account-link";
pub const PROVIDER_BUTTONS: &str = "provider-buttons";
pub const CORPORATE_SIGN_IN: &str = "corporate-sign-in";
pub const SIGN_IN_HISTORY: &str = "sign-in-history";
pub const DEVICE_LIST: &str = "device-list";
pub const FEEDBACK_VALID: &str = "feedback-valid";
pub const FEEDBACK_INVALID: &str = "feedback-invalid";
pub const FEEDBACK_DONE: &str = "feedback-done";

/// The sign-in page's passkey part, its button, and "Email me a code".
pub const PASSKEY_SIGN_IN: &str = "passkey-sign-in";
pub const PASSKEY_BUTTON: &str = "passkey-button";
pub const CODE_USERNAME_INPUT: &str = "code-username-input";
pub const EMAIL_CODE_BUTTON: &str = "email-code-button";
/// "Add a passkey" (the account page, the offer after a password sign-in), and the list.
pub const ADD_PASSKEY_BUTTON: &str = "add-passkey-button";
pub const PASSKEY_LIST: &str = "passkey-list";
pub const SKIP_PASSKEY_LINK: &str = "skip-passkey-link";
/// The stylesheet of an app client's branding, in the page's head.
pub const BRAND_STYLE: &str = "brand-style";
/// The sign-up page's links to the client's terms documents.
pub const TERMS_LINKS: &str = "terms-links";

#[cfg(test)]
mod tests {
    /// The end-to-end tests' copy of these names.
    const MIRROR: &str = include_str!("../../end2end/tests/ids.ts");
    const SOURCE: &str = include_str!("ids.rs");

    #[test]
    fn every_test_id_is_mirrored_for_the_end_to_end_tests() {
        let values = SOURCE
            .lines()
            .filter_map(|line| line.trim().strip_prefix("pub const "))
            .filter_map(|rest| rest.split('"').nth(1));
        let mut count = 0;
        for value in values {
            count += 1;
            assert!(
                MIRROR.contains(&format!("\"{value}\"")),
                "end2end/tests/ids.ts lacks \"{value}\""
            );
        }
        assert!(count >= 8, "found only {count} ids");
    }
}
