//! What the server sends the pages: plain data, the same in the browser and on the server.

use serde::{Deserialize, Serialize};

use crate::policy::PasswordPolicy;

/// The app client a page works for, and the rules its pool applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientView {
    pub client_id: String,
    /// The pool's OpenID Connect issuer, `<public URL>/<pool id>`.
    pub issuer: String,
    pub password_policy: PasswordPolicy,
    /// The pool's users sign up and in with their email (Cognito `UsernameAttributes`):
    /// the sign-up form asks for no username.
    pub email_is_username: bool,
    /// Sign-up emails a code (Cognito `AutoVerifiedAttributes`); without it an
    /// administrator confirms new users.
    pub verifies_email: bool,
    /// The identity providers the client supports (its `SupportedIdentityProviders`
    /// besides `COGNITO`): the sign-in page offers "Continue with" each.
    pub providers: Vec<String>,
    /// One of those providers has IdpIdentifiers (email domains): the sign-in page asks
    /// for a corporate email and sends its user to the provider of its domain.
    pub corporate_email: bool,
    /// The pool lets passkeys sign in: the sign-in page offers "Sign in with a passkey".
    pub passkeys: bool,
    /// The pool lets an emailed code sign in: the sign-in page offers "Email me a code".
    pub email_codes: bool,
    /// The client's terms documents (Cognito's CreateTerms), in the page's language: the
    /// sign-up page links to them.
    pub terms: Vec<TermsLink>,
}

/// A terms document's link: `terms-of-use` or `privacy-policy`, and its URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsLink {
    pub name: String,
    pub url: String,
}

/// A passkey sign-in's request: WebAuthn's request options (JSON) and the session that
/// answers them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyRequestView {
    pub session: String,
    pub options: String,
}

/// One of the user's passkeys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    pub id: String,
    pub name: String,
    /// UTC, `2026-12-07 09:14`.
    pub created: String,
    /// UTC, or empty if never used.
    pub last_used: String,
}

/// What the demo page shows of a signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoView {
    /// The ID token's claims, name and value as JSON text, in the token's order.
    pub claims: Vec<(String, String)>,
    /// For the browser's calls to the notes API (`Authorization: Bearer`).
    pub access_token: String,
    pub notes: Vec<NoteView>,
    /// "Your files", when an identity pool takes this app and an S3 server is configured.
    pub files: Option<FilesView>,
}

/// What the browser needs for "Your files": the identity pool that takes the user's app
/// client, the `Logins` entry (the provider name and the ID token), and the S3 server's
/// URL and bucket (`demo.files_url`, `demo.files_bucket`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilesView {
    pub identity_pool_id: String,
    pub provider: String,
    pub id_token: String,
    pub endpoint: String,
    pub bucket: String,
}

/// One of the demo API's notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    pub body: String,
    pub created_at: i64,
}

/// The notes API's list answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotesPage {
    pub notes: Vec<NoteView>,
}

/// The notes API's request to add a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewNote {
    pub body: String,
}

/// A new authenticator-app secret being set up: the text to type into the app and the
/// same as a QR code (an SVG `data:` URI, rendered on the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppSetupView {
    pub secret: String,
    pub qr_code: String,
}

/// What the account page shows of the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub username: String,
    /// The attributes the user may change, name and value, by name (`sub` and the
    /// `*_verified` flags are left out).
    pub attributes: Vec<(String, String)>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub mfa: MfaView,
    /// Recent sign-ins, newest first; `None` where the pool keeps no history.
    pub sign_ins: Option<Vec<SignInView>>,
    /// The user's remembered devices; `None` where the pool does not track devices.
    pub devices: Option<Vec<DeviceView>>,
    /// The user's passkeys; `None` where the pool does not allow passkeys.
    pub passkeys: Option<Vec<PasskeyView>>,
}

/// One of the user's devices (Cognito's remembered devices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub key: String,
    pub name: String,
    /// UTC, `2026-12-07 09:14`, or empty.
    pub last_used: String,
    pub remembered: bool,
}

/// One sign-in in the account's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInView {
    /// UTC, `2026-12-07 09:14`.
    pub when: String,
    /// What became of it, in words.
    pub outcome: String,
    /// The address, with the city and country where known.
    pub place: String,
    /// The browser and platform.
    pub device: String,
    /// Whether threat protection found it risky.
    pub risky: bool,
}

/// The user's second factors, and which ones the pool offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaView {
    /// The pool's `MfaConfiguration`: `OFF`, `OPTIONAL` or `ON`.
    pub mode: String,
    pub app_offered: bool,
    pub email_offered: bool,
    pub app_on: bool,
    pub email_on: bool,
    /// `app` or `email`.
    pub preferred: Option<String>,
}
