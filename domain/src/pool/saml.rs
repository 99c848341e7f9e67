//! The SAML port: what the domain needs of XML security to federate with a SAML 2.0
//! identity provider. The adapter (`server/src/adapters/saml.rs`) reads metadata, writes
//! and signs requests, and verifies (and decrypts) responses with libxmlsec1; the domain
//! decides who the asserted user is, keeps the request each answer must match, and accepts
//! each assertion once.

use async_trait::async_trait;

use super::StoredSigningKey;
use super::federation::LinkError;
use crate::clock::Timestamp;

/// Cognito's cap on a `SAMLResponse`: larger ones are refused unread.
pub const MAX_RESPONSE_CHARS: usize = 100_000;

/// Cognito's cap on a `MetadataFile` (and on a fetched metadata document).
pub const MAX_METADATA_CHARS: usize = 131_072;

/// What an identity provider's metadata says, as far as Cognate reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdpMetadata {
    pub entity_id: String,
    /// The single sign-on service with the HTTP-Redirect binding.
    pub sso_redirect: String,
    /// The single logout service with the HTTP-Redirect binding, if it has one.
    pub slo_redirect: Option<String>,
    /// Whether it asks for signed authentication requests (`WantAuthnRequestsSigned`).
    pub wants_signed_requests: bool,
}

/// A request Cognate sends to an identity provider (HTTP-Redirect binding).
#[derive(Clone, Debug)]
pub struct Outgoing<'a> {
    /// The request's `ID`.
    pub id: &'a str,
    /// Cognate's entity ID for the pool, `urn:amazon:cognito:sp:<pool id>`.
    pub issuer: &'a str,
    /// Where the request goes (the provider's SSO or SLO service).
    pub destination: &'a str,
    /// Where the answer comes back (the ACS URL for a sign-in, `/saml2/logout` else).
    pub reply_to: &'a str,
    pub relay_state: &'a str,
    pub kind: OutgoingKind<'a>,
}

#[derive(Clone, Debug)]
pub enum OutgoingKind<'a> {
    AuthnRequest,
    /// A sign-out of the user the provider named.
    LogoutRequest {
        name_id: &'a str,
        name_id_format: Option<&'a str>,
        session_index: Option<&'a str>,
    },
}

/// What an answer is checked against.
#[derive(Clone)]
pub struct Expected<'a> {
    /// The provider's metadata document.
    pub metadata: &'a str,
    /// The SP entity ID: the assertion's audience.
    pub audience: &'a str,
    /// The ACS URL: the response's `Destination` and the confirmation's `Recipient`.
    pub acs_url: &'a str,
    /// The request this browser started, or `None` for an unsolicited (IdP-initiated) one.
    pub request_id: Option<&'a str>,
    /// The pool's encryption key, when the provider encrypts its assertions.
    pub decryption_key: Option<&'a StoredSigningKey>,
}

/// A response's assertion, verified.
#[derive(Clone, PartialEq, Eq)]
pub struct Asserted {
    /// The assertion's `ID`, accepted once.
    pub assertion_id: String,
    pub name_id: String,
    pub name_id_format: Option<String>,
    pub session_index: Option<String>,
    /// Its attributes by name, each with its values.
    pub attributes: Vec<(String, Vec<String>)>,
    /// Until when it could be replayed (its latest `NotOnOrAfter`).
    pub valid_until: Timestamp,
}

impl std::fmt::Debug for Asserted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Asserted")
            .field("attributes", &self.attributes.len())
            .field("valid_until", &self.valid_until)
            .finish_non_exhaustive()
    }
}

/// A single logout message from the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogoutMessage {
    /// The provider's answer to Cognate's LogoutRequest (`InResponseTo` its ID).
    Response { in_response_to: Option<String> },
}

/// Why an answer is refused; the text is for the log, the user hears `access_denied`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// The XML-security side of SAML federation. Keys are the pool's, as stored.
#[async_trait]
pub trait SamlLink: Send + Sync {
    /// A `MetadataURL`'s document, bounded in time and size.
    async fn fetch_metadata(&self, url: &str) -> Result<String, LinkError>;

    /// What a metadata document says; the error says what is wrong with it.
    fn read_metadata(&self, xml: &str) -> Result<IdpMetadata, String>;

    /// The X.509 certificate of one of the pool's keys, base64 DER, named `subject`.
    fn certificate(&self, key: &StoredSigningKey, subject: &str) -> Result<String, String>;

    /// The URL that carries `request` to its destination, signed (RSA-SHA256) with `key`
    /// when one is given.
    fn redirect(
        &self,
        request: &Outgoing<'_>,
        key: Option<&StoredSigningKey>,
    ) -> Result<String, String>;

    /// A `SAMLResponse` form value verified against `expected`: the signature by one of the
    /// provider's certificates over the element that is read, its audience, recipient,
    /// destination, times and `InResponseTo`.
    fn verify_response(&self, response: &str, expected: &Expected<'_>)
    -> Result<Asserted, Refused>;

    /// A `SAMLResponse` or `SAMLRequest` sent to `/saml2/logout` (HTTP-Redirect binding).
    fn read_logout(&self, message: &str) -> Result<LogoutMessage, Refused>;
}
