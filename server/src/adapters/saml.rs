//! The SAML port's adapter: metadata read and fetched, requests written and signed, and
//! responses verified and decrypted by libxmlsec1 through `samael`. Nothing here
//! canonicalizes or checks a signature by hand.
//!
//! Before libxml2 sees a response it is parsed by `roxmltree`, which refuses any DTD (so no
//! entity is ever declared, let alone expanded: no XXE, no billion laughs), and it is
//! refused if it holds a comment (a comment splits a NameID's text without breaking the
//! signature, which covers the canonical form without comments). `samael` then verifies
//! every signature and keeps only the signed elements, so the element read is the element
//! signed: a wrapped (moved, copied) assertion is not read.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::clock::Timestamp;
use domain::pool::StoredSigningKey;
use domain::pool::federation::LinkError;
use domain::pool::saml::{
    Asserted, Expected, IdpMetadata, LogoutMessage, MAX_METADATA_CHARS, Outgoing, OutgoingKind,
    Refused, SamlLink,
};
use openssl::pkey::{PKey, Private};
use samael::crypto::{
    AllowedSignatureAlgorithm, CertificateDer, Crypto, CryptoProvider, ReduceMode,
};
use samael::metadata::EntityDescriptor;
use samael::schema::{AuthnRequest, Issuer};
use samael::service_provider::ServiceProvider;

const REDIRECT_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const POST_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const PROTOCOL_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
const XMLENC_NS: &str = "http://www.w3.org/2001/04/xmlenc#";
/// How late a response may come after it was issued, and how far apart the provider's
/// clock and this one may be.
const ISSUE_DELAY_SECONDS: i64 = 300;
const CLOCK_SKEW_SECONDS: i64 = 120;
/// How long the pool's certificates are valid from their key's making.
const CERTIFICATE_DAYS: u32 = 3650;

/// The signature algorithms a response may be signed with: SHA-2 only.
const ALLOWED: &[AllowedSignatureAlgorithm] = &[
    AllowedSignatureAlgorithm::RsaSha256,
    AllowedSignatureAlgorithm::RsaSha384,
    AllowedSignatureAlgorithm::RsaSha512,
    AllowedSignatureAlgorithm::EcdsaSha256,
    AllowedSignatureAlgorithm::EcdsaSha384,
    AllowedSignatureAlgorithm::EcdsaSha512,
];

/// A pool key as OpenSSL uses it, with its certificate, made once per key.
struct LoadedKey {
    key: PKey<Private>,
    certificate: String,
}

/// libxmlsec1 (through samael) and OpenSSL.
pub struct XmlSecurity {
    http: reqwest::Client,
    keys: RwLock<HashMap<String, Arc<LoadedKey>>>,
    /// Metadata documents parsed, by their SHA-256: a provider's is parsed once, not at
    /// every sign-in.
    metadata: RwLock<HashMap<[u8; 32], Arc<EntityDescriptor>>>,
}

/// The most metadata documents kept parsed (past it, the kept ones are dropped).
const PARSED_METADATA: usize = 256;

impl XmlSecurity {
    pub fn new() -> Result<Self, String> {
        let http = super::http_client().map_err(|error| error.to_string())?;
        Ok(Self {
            http,
            keys: RwLock::new(HashMap::new()),
            metadata: RwLock::new(HashMap::new()),
        })
    }

    /// A metadata document parsed (once per document).
    fn parsed(&self, xml: &str) -> Result<Arc<EntityDescriptor>, String> {
        let digest = openssl::sha::sha256(xml.as_bytes());
        if let Some(parsed) = self
            .metadata
            .read()
            .ok()
            .and_then(|m| m.get(&digest).cloned())
        {
            return Ok(parsed);
        }
        let parsed = Arc::new(entity_descriptor(xml)?);
        if let Ok(mut kept) = self.metadata.write() {
            if kept.len() >= PARSED_METADATA {
                kept.clear();
            }
            kept.insert(digest, parsed.clone());
        }
        Ok(parsed)
    }

    /// The key (and its certificate, named `subject`), parsed once.
    fn loaded(&self, stored: &StoredSigningKey, subject: &str) -> Result<Arc<LoadedKey>, String> {
        if let Some(loaded) = self
            .keys
            .read()
            .ok()
            .and_then(|keys| keys.get(&stored.kid).cloned())
        {
            return Ok(loaded);
        }
        let key = PKey::private_key_from_pkcs8(&stored.private_pkcs8)
            .map_err(|error| format!("unreadable SAML key: {error}"))?;
        let certificate = self_signed(&key, &stored.kid, subject, stored.created_at)
            .map_err(|error| format!("cannot make the certificate: {error}"))?;
        let loaded = Arc::new(LoadedKey { key, certificate });
        if let Ok(mut keys) = self.keys.write() {
            keys.insert(stored.kid.clone(), loaded.clone());
        }
        Ok(loaded)
    }
}

/// The key's certificate: self-signed, named `subject`, valid for ten years from the key's
/// making, its serial number from the key's id. The same key gives the same certificate on
/// every node (RSA PKCS #1 v1.5 signatures are deterministic).
fn self_signed(
    key: &PKey<Private>,
    kid: &str,
    subject: &str,
    made: Timestamp,
) -> Result<String, openssl::error::ErrorStack> {
    use openssl::asn1::{Asn1Integer, Asn1Time};
    use openssl::bn::BigNum;
    use openssl::hash::MessageDigest;
    use openssl::x509::{X509Builder, X509NameBuilder};

    let mut name = X509NameBuilder::new()?;
    name.append_entry_by_text("CN", subject)?;
    let name = name.build();
    let digest = openssl::sha::sha256(kid.as_bytes());
    let serial = BigNum::from_slice(&digest[..16])?;
    let mut builder = X509Builder::new()?;
    builder.set_version(2)?;
    builder.set_serial_number(Asn1Integer::from_bn(&serial)?.as_ref())?;
    builder.set_subject_name(&name)?;
    builder.set_issuer_name(&name)?;
    builder.set_pubkey(key)?;
    builder.set_not_before(Asn1Time::from_unix(made.0)?.as_ref())?;
    builder.set_not_after(
        Asn1Time::from_unix(made.0 + i64::from(CERTIFICATE_DAYS) * 86_400)?.as_ref(),
    )?;
    builder.sign(key, MessageDigest::sha256())?;
    Ok(STANDARD.encode(builder.build().to_der()?))
}

/// The document parsed without a DTD (refused by roxmltree's defaults) and without a
/// comment anywhere.
fn plain_document(xml: &str) -> Result<roxmltree::Document<'_>, String> {
    let document = roxmltree::Document::parse(xml).map_err(|error| match error {
        roxmltree::Error::DtdDetected => "it has a DTD".to_string(),
        other => format!("it is not well-formed XML ({other})"),
    })?;
    if document.descendants().any(|node| node.is_comment()) {
        return Err("it has a comment".into());
    }
    Ok(document)
}

fn entity_descriptor(xml: &str) -> Result<EntityDescriptor, String> {
    plain_document(xml)?;
    xml.parse::<EntityDescriptor>()
        .map_err(|_| "it is not an EntityDescriptor".to_string())
}

/// The signing certificates an IdP's metadata lists (those for signing, else those without
/// a use), each readable and not expired.
fn signing_certificates(metadata: &EntityDescriptor) -> Result<Vec<CertificateDer>, String> {
    let provider = ServiceProvider {
        idp_metadata: metadata.clone(),
        ..ServiceProvider::default()
    };
    let certificates = provider
        .idp_signing_certs()
        .map_err(|_| "a signing certificate is not base64 DER".to_string())?
        .unwrap_or_default();
    if certificates.is_empty() {
        return Err("it lists no signing certificate".into());
    }
    let now = openssl::asn1::Asn1Time::days_from_now(0).map_err(|error| error.to_string())?;
    for certificate in &certificates {
        let x509 = openssl::x509::X509::from_der(certificate.der_data())
            .map_err(|_| "a signing certificate is not an X.509 certificate".to_string())?;
        if x509.not_after() < now {
            return Err("a signing certificate has expired".into());
        }
    }
    Ok(certificates)
}

/// `payload` deflated and base64-encoded as `parameter` on `destination` (HTTP-Redirect
/// binding), with `RelayState`, then signed with `key` when one is given.
fn redirect_url(
    destination: &str,
    parameter: &str,
    payload: &str,
    relay_state: &str,
    key: Option<&PKey<Private>>,
) -> Result<String, String> {
    let mut deflated = Vec::new();
    {
        let mut encoder =
            flate2::write::DeflateEncoder::new(&mut deflated, flate2::Compression::default());
        encoder
            .write_all(payload.as_bytes())
            .map_err(|error| error.to_string())?;
        encoder.finish().map_err(|error| error.to_string())?;
    }
    let mut url = url::Url::parse(destination).map_err(|error| error.to_string())?;
    url.query_pairs_mut()
        .append_pair(parameter, &STANDARD.encode(&deflated));
    if !relay_state.is_empty() {
        url.query_pairs_mut().append_pair("RelayState", relay_state);
    }
    let url = match key {
        Some(key) => samael::crypto::sign_url(url, key).map_err(|error| error.to_string())?,
        None => url,
    };
    Ok(url.to_string())
}

/// XML text escaped for an attribute or element.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn refused(why: impl Into<String>) -> Refused {
    Refused(why.into())
}

/// What the checks before any signature found in a response.
struct Shape {
    encrypted: bool,
    /// Whether the Response itself carries a signature.
    response_signed: bool,
}

/// The checks made before any signature is read: well-formed, without a DTD or a comment,
/// one Response holding one assertion (plain or encrypted) — a second one anywhere
/// (beside, inside, in a signature's Object or an Extensions element) is a wrapping
/// attempt — and, for an unsolicited response, no `InResponseTo`.
fn shape_of(xml: &str, expected: &Expected<'_>) -> Result<Shape, Refused> {
    let document = plain_document(xml).map_err(|why| refused(format!("the response: {why}")))?;
    let root = document.root_element();
    if root.tag_name().namespace() != Some(PROTOCOL_NS) || root.tag_name().name() != "Response" {
        return Err(refused("the document is not a SAML Response"));
    }
    let count = |namespace: &str, name: &str| {
        document
            .descendants()
            .filter(|node| {
                node.tag_name().namespace() == Some(namespace) && node.tag_name().name() == name
            })
            .count()
    };
    let plain = count(ASSERTION_NS, "Assertion");
    let encrypted = count(ASSERTION_NS, "EncryptedAssertion");
    let responses = count(PROTOCOL_NS, "Response");
    if plain + encrypted != 1 || responses != 1 {
        return Err(refused(format!(
            "{responses} responses holding {plain} assertions and {encrypted} encrypted \
             ones: one response with one assertion is read"
        )));
    }
    let answers_a_request = document.descendants().any(|node| {
        node.attribute("InResponseTo").is_some()
            && matches!(
                node.tag_name().name(),
                "Response" | "SubjectConfirmationData"
            )
    });
    if expected.request_id.is_none() && answers_a_request {
        return Err(refused(
            "an unsolicited response answers a request (InResponseTo)",
        ));
    }
    Ok(Shape {
        encrypted: encrypted == 1,
        response_signed: root.children().any(|node| {
            node.tag_name().namespace() == Some(DSIG_NS) && node.tag_name().name() == "Signature"
        }),
    })
}

/// The metadata without its keys: samael then reads a response without verifying it (used
/// only once the response's signature is verified).
fn without_keys(mut metadata: EntityDescriptor) -> EntityDescriptor {
    for descriptor in metadata.idp_sso_descriptors.iter_mut().flatten() {
        descriptor.key_descriptors.clear();
    }
    metadata
}

/// The child of `node` named `name` in `namespace`.
fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    namespace: &str,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    node.children()
        .find(|c| c.tag_name().namespace() == Some(namespace) && c.tag_name().name() == name)
}

/// An `EncryptedData` or `EncryptedKey`'s algorithm and cipher text.
fn cipher_of(node: roxmltree::Node<'_, '_>) -> Result<(String, Vec<u8>), Refused> {
    let algorithm = child(node, XMLENC_NS, "EncryptionMethod")
        .and_then(|method| method.attribute("Algorithm"))
        .ok_or_else(|| refused("an encryption without its method"))?
        .to_string();
    let value = child(node, XMLENC_NS, "CipherData")
        .and_then(|data| child(data, XMLENC_NS, "CipherValue"))
        .and_then(|value| value.text())
        .ok_or_else(|| refused("an encryption without its cipher value"))?;
    let compact: String = value.split_ascii_whitespace().collect();
    let bytes = STANDARD
        .decode(compact)
        .map_err(|_| refused("a cipher value that is not base64"))?;
    Ok((algorithm, bytes))
}

/// The response with its `EncryptedAssertion` decrypted in place: the session key
/// unwrapped with the pool's key (RSA-OAEP only: PKCS #1 v1.5 key transport is refused, it
/// leaks to padding oracles), the assertion decrypted with it (AES in CBC or GCM; Triple
/// DES is refused). Encryption is not authentication: the result is checked and verified
/// like any response.
fn decrypted(xml: &str, key: &PKey<Private>) -> Result<String, Refused> {
    use openssl::symm::{Cipher, Crypter, Mode, decrypt_aead};

    let document = plain_document(xml).map_err(refused)?;
    let encrypted = document
        .descendants()
        .find(|node| {
            node.tag_name().namespace() == Some(ASSERTION_NS)
                && node.tag_name().name() == "EncryptedAssertion"
        })
        .ok_or_else(|| refused("no encrypted assertion"))?;
    let data = child(encrypted, XMLENC_NS, "EncryptedData")
        .ok_or_else(|| refused("an encrypted assertion without EncryptedData"))?;
    let wrapped_key = data
        .descendants()
        .chain(encrypted.children())
        .find(|node| {
            node.tag_name().namespace() == Some(XMLENC_NS)
                && node.tag_name().name() == "EncryptedKey"
        })
        .ok_or_else(|| refused("an encrypted assertion without its key"))?;
    let (key_algorithm, wrapped) = cipher_of(wrapped_key)?;
    let oaep_digest = child(wrapped_key, XMLENC_NS, "EncryptionMethod")
        .and_then(|method| child(method, DSIG_NS, "DigestMethod"))
        .and_then(|digest| digest.attribute("Algorithm"));
    let oaep = matches!(
        key_algorithm.as_str(),
        "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
            | "http://www.w3.org/2009/xmlenc11#rsa-oaep"
    ) && matches!(
        oaep_digest,
        None | Some("http://www.w3.org/2000/09/xmldsig#sha1")
    );
    if !oaep {
        return Err(refused(format!(
            "key transport {key_algorithm} is not accepted"
        )));
    }
    let rsa = key
        .rsa()
        .map_err(|_| refused("the pool's key is not RSA"))?;
    let mut session = vec![0; rsa.size() as usize];
    let length = rsa
        .private_decrypt(&wrapped, &mut session, openssl::rsa::Padding::PKCS1_OAEP)
        .map_err(|_| refused("the session key does not decrypt"))?;
    session.truncate(length);
    let (data_algorithm, ciphertext) = cipher_of(data)?;
    let (cipher, gcm) = match data_algorithm.as_str() {
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc" => (Cipher::aes_128_cbc(), false),
        "http://www.w3.org/2001/04/xmlenc#aes192-cbc" => (Cipher::aes_192_cbc(), false),
        "http://www.w3.org/2001/04/xmlenc#aes256-cbc" => (Cipher::aes_256_cbc(), false),
        "http://www.w3.org/2009/xmlenc11#aes128-gcm" => (Cipher::aes_128_gcm(), true),
        "http://www.w3.org/2009/xmlenc11#aes192-gcm" => (Cipher::aes_192_gcm(), true),
        "http://www.w3.org/2009/xmlenc11#aes256-gcm" => (Cipher::aes_256_gcm(), true),
        other => return Err(refused(format!("data encryption {other} is not accepted"))),
    };
    if session.len() != cipher.key_len() {
        return Err(refused("the session key's length is not its cipher's"));
    }
    let unreadable = || refused("the assertion does not decrypt");
    let plaintext = if gcm {
        // XML Encryption 1.1: a 96-bit IV first, the 128-bit tag last.
        if ciphertext.len() < 12 + 16 {
            return Err(unreadable());
        }
        let (iv, rest) = ciphertext.split_at(12);
        let (body, tag) = rest.split_at(rest.len() - 16);
        decrypt_aead(cipher, &session, Some(iv), &[], body, tag).map_err(|_| unreadable())?
    } else {
        // The IV first; XML Encryption's padding: the last byte says how many to drop.
        let block = cipher.block_size();
        if ciphertext.len() < 2 * block || ciphertext.len() % block != 0 {
            return Err(unreadable());
        }
        let (iv, body) = ciphertext.split_at(block);
        let mut crypter =
            Crypter::new(cipher, Mode::Decrypt, &session, Some(iv)).map_err(|_| unreadable())?;
        crypter.pad(false);
        let mut out = vec![0; body.len() + block];
        let mut written = crypter.update(body, &mut out).map_err(|_| unreadable())?;
        written += crypter
            .finalize(&mut out[written..])
            .map_err(|_| unreadable())?;
        out.truncate(written);
        let padding = usize::from(*out.last().ok_or_else(unreadable)?);
        if padding == 0 || padding > block || padding > out.len() {
            return Err(unreadable());
        }
        out.truncate(out.len() - padding);
        out
    };
    let assertion = String::from_utf8(plaintext).map_err(|_| unreadable())?;
    let range = encrypted.range();
    Ok(format!(
        "{}{}{}",
        &xml[..range.start],
        assertion,
        &xml[range.end..]
    ))
}

#[async_trait]
impl SamlLink for XmlSecurity {
    async fn fetch_metadata(&self, url: &str) -> Result<String, LinkError> {
        let (status, body) =
            super::bounded_answer(self.http.get(url), MAX_METADATA_CHARS * 4).await?;
        if !status.is_success() {
            return Err(LinkError::Refused(format!("HTTP {status}")));
        }
        String::from_utf8(body).map_err(|_| LinkError::Refused("the metadata is not UTF-8".into()))
    }

    fn read_metadata(&self, xml: &str) -> Result<IdpMetadata, String> {
        let metadata = self.parsed(xml)?;
        let entity_id = metadata
            .entity_id
            .clone()
            .filter(|id| !id.is_empty())
            .ok_or("it has no entityID")?;
        let descriptors = metadata
            .idp_sso_descriptors
            .as_deref()
            .filter(|d| !d.is_empty())
            .ok_or("it has no IDPSSODescriptor")?;
        let sso_redirect = descriptors
            .iter()
            .flat_map(|d| &d.single_sign_on_services)
            .find(|service| service.binding == REDIRECT_BINDING)
            .map(|service| service.location.clone())
            .ok_or("it has no SingleSignOnService with the HTTP-Redirect binding")?;
        url::Url::parse(&sso_redirect)
            .map_err(|_| "its SingleSignOnService location is not a URL".to_string())?;
        let slo_redirect = descriptors
            .iter()
            .flat_map(|d| &d.single_logout_services)
            .find(|service| service.binding == REDIRECT_BINDING)
            .map(|service| service.location.clone());
        signing_certificates(&metadata)?;
        Ok(IdpMetadata {
            entity_id,
            sso_redirect,
            slo_redirect,
            wants_signed_requests: descriptors
                .iter()
                .any(|d| d.want_authn_requests_signed == Some(true)),
        })
    }

    fn certificate(&self, key: &StoredSigningKey, subject: &str) -> Result<String, String> {
        Ok(self.loaded(key, subject)?.certificate.clone())
    }

    fn redirect(
        &self,
        request: &Outgoing<'_>,
        key: Option<&StoredSigningKey>,
    ) -> Result<String, String> {
        let key = match key {
            Some(stored) => Some(self.loaded(stored, request.issuer)?),
            None => None,
        };
        let now = chrono::Utc::now();
        let (parameter, xml) = match &request.kind {
            OutgoingKind::AuthnRequest => {
                let authn = AuthnRequest {
                    id: request.id.to_string(),
                    version: "2.0".into(),
                    issue_instant: now,
                    destination: Some(request.destination.to_string()),
                    issuer: Some(Issuer {
                        value: Some(request.issuer.to_string()),
                        ..Issuer::default()
                    }),
                    assertion_consumer_service_url: Some(request.reply_to.to_string()),
                    protocol_binding: Some(POST_BINDING.to_string()),
                    ..AuthnRequest::default()
                };
                let xml =
                    samael::traits::ToXml::to_string(&authn).map_err(|error| error.to_string())?;
                ("SAMLRequest", xml)
            }
            OutgoingKind::LogoutRequest {
                name_id,
                name_id_format,
                session_index,
            } => {
                let format = name_id_format
                    .map(|f| format!(r#" Format="{}""#, escaped(f)))
                    .unwrap_or_default();
                let session = session_index
                    .map(|s| format!("<samlp:SessionIndex>{}</samlp:SessionIndex>", escaped(s)))
                    .unwrap_or_default();
                let xml = format!(
                    r#"<samlp:LogoutRequest xmlns:samlp="{PROTOCOL_NS}" xmlns:saml="{ASSERTION_NS}" ID="{id}" Version="2.0" IssueInstant="{instant}" Destination="{destination}"><saml:Issuer>{issuer}</saml:Issuer><saml:NameID{format}>{name_id}</saml:NameID>{session}</samlp:LogoutRequest>"#,
                    id = escaped(request.id),
                    instant = now.format("%Y-%m-%dT%H:%M:%SZ"),
                    destination = escaped(request.destination),
                    issuer = escaped(request.issuer),
                    name_id = escaped(name_id),
                );
                ("SAMLRequest", xml)
            }
        };
        redirect_url(
            request.destination,
            parameter,
            &xml,
            request.relay_state,
            key.as_ref().map(|k| &k.key),
        )
    }

    fn verify_response(
        &self,
        response: &str,
        expected: &Expected<'_>,
    ) -> Result<Asserted, Refused> {
        let compact: String = response.split_ascii_whitespace().collect();
        let bytes = STANDARD
            .decode(compact)
            .map_err(|_| refused("the SAMLResponse is not base64"))?;
        let xml = String::from_utf8(bytes).map_err(|_| refused("the response is not UTF-8"))?;
        let shape = shape_of(&xml, expected)?;
        // samael's ServiceProvider owns its metadata: a copy of the parsed document.
        let metadata = EntityDescriptor::clone(&*self.parsed(expected.metadata).map_err(refused)?);
        let certificates = signing_certificates(&metadata)
            .map_err(|_| refused("the metadata lists no usable signing certificate"))?;
        // An encrypted assertion is decrypted, and the response is read with it in place.
        // If the response is signed, its signature is verified first (over the encrypted
        // form, as it was signed) and only what it covers is decrypted; if not, the
        // assertion inside must carry its own signature, verified below like any other.
        let (xml, outer_verified) = match (shape.encrypted, expected.decryption_key) {
            (false, _) => (xml, false),
            (true, None) => return Err(refused("an encrypted assertion, which was not asked for")),
            (true, Some(stored)) => {
                let key = self.loaded(stored, expected.audience).map_err(refused)?;
                let signed = if shape.response_signed {
                    let covered = Crypto::reduce_xml_to_signed_with_allowed_algorithms(
                        &xml,
                        &certificates,
                        ReduceMode::ValidateAndMarkNoAncestors,
                        Some(ALLOWED),
                    )
                    .map_err(|_| refused("the response's signature does not verify"))?;
                    Some(covered)
                } else {
                    None
                };
                let outer_verified = signed.is_some();
                let plain = decrypted(signed.as_deref().unwrap_or(&xml), &key.key)?;
                let shape = shape_of(&plain, expected)?;
                if shape.encrypted {
                    return Err(refused("an encrypted assertion inside an encrypted one"));
                }
                (plain, outer_verified)
            }
        };
        let request_ids: Vec<&str> = expected.request_id.into_iter().collect();
        let provider = ServiceProvider {
            entity_id: Some(expected.audience.to_string()),
            acs_url: Some(expected.acs_url.to_string()),
            // Once the response's own signature is verified, what it covered is read as
            // is (its decrypted assertion no longer matches that signature's digest).
            idp_metadata: if outer_verified {
                without_keys(metadata)
            } else {
                metadata
            },
            allow_idp_initiated: expected.request_id.is_none(),
            max_issue_delay: chrono::Duration::seconds(ISSUE_DELAY_SECONDS),
            max_clock_skew: chrono::Duration::seconds(CLOCK_SKEW_SECONDS),
            allowed_signature_algorithms: Some(ALLOWED.to_vec()),
            ..ServiceProvider::default()
        };
        let assertion = provider
            .parse_xml_response(&xml, (!request_ids.is_empty()).then_some(&request_ids[..]))
            .map_err(|error| refused(error.to_string()))?;
        let audience_named = assertion
            .conditions
            .as_ref()
            .and_then(|conditions| conditions.audience_restrictions.as_ref())
            .is_some_and(|restrictions| {
                restrictions
                    .iter()
                    .any(|r| r.audience.iter().any(|a| a == expected.audience))
            });
        if !audience_named {
            return Err(refused("the assertion names no audience, or another"));
        }
        let subject = assertion.subject.as_ref();
        let name_id = subject
            .and_then(|subject| subject.name_id.as_ref())
            .filter(|name_id| !name_id.value.trim().is_empty())
            .ok_or_else(|| refused("the assertion has no NameID"))?;
        let confirmed_until = subject
            .and_then(|subject| subject.subject_confirmations.as_ref())
            .into_iter()
            .flatten()
            .filter_map(|c| c.subject_confirmation_data.as_ref()?.not_on_or_after);
        let valid_until = assertion
            .conditions
            .as_ref()
            .and_then(|c| c.not_on_or_after)
            .into_iter()
            .chain(confirmed_until)
            .max()
            .map(|at| at.timestamp())
            .unwrap_or_else(|| chrono::Utc::now().timestamp() + ISSUE_DELAY_SECONDS);
        let attributes = assertion
            .attribute_statements
            .iter()
            .flatten()
            .flat_map(|statement| &statement.attributes)
            .filter_map(|attribute| {
                let name = attribute.name.clone()?;
                let values = attribute
                    .values
                    .iter()
                    .filter_map(|value| value.value.clone())
                    .collect();
                Some((name, values))
            })
            .collect();
        Ok(Asserted {
            assertion_id: assertion.id.clone(),
            name_id: name_id.value.trim().to_string(),
            name_id_format: name_id.format.clone(),
            session_index: assertion
                .authn_statements
                .iter()
                .flatten()
                .find_map(|statement| statement.session_index.clone()),
            attributes,
            valid_until: Timestamp(valid_until + CLOCK_SKEW_SECONDS),
        })
    }

    fn read_logout(&self, message: &str) -> Result<LogoutMessage, Refused> {
        let compact: String = message.split_ascii_whitespace().collect();
        let deflated = STANDARD
            .decode(compact)
            .map_err(|_| refused("the message is not base64"))?;
        let mut xml = String::new();
        flate2::read::DeflateDecoder::new(&deflated[..])
            .take(MAX_METADATA_CHARS as u64)
            .read_to_string(&mut xml)
            .map_err(|_| refused("the message is not deflated UTF-8"))?;
        let document = plain_document(&xml).map_err(refused)?;
        let root = document.root_element();
        if root.tag_name().namespace() != Some(PROTOCOL_NS)
            || root.tag_name().name() != "LogoutResponse"
        {
            return Err(refused("not a LogoutResponse"));
        }
        Ok(LogoutMessage::Response {
            in_response_to: root.attribute("InResponseTo").map(str::to_string),
        })
    }
}
