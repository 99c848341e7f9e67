//! A SAML provider's metadata URL: read when the provider is made, used for six hours,
//! then fetched again; while the URL cannot be read, the last document serves (and the URL
//! is tried again every few minutes, not on every sign-in). The XML
//! security is the real adapter's; only the fetching is the test's.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::adapters::saml::XmlSecurity;
use crate::pool::federation::LinkError;
use crate::pool::saml::{
    Asserted, Expected, IdpMetadata, LogoutMessage, Outgoing, Refused, SamlLink,
};
use crate::pool::{ChosenProvider, StoredSigningKey};
use crate::testkit::Kit;

const METADATA_URL: &str = "https://idp.corp.example/metadata";

/// The metadata URL as the test serves it (or not), with every fetch counted.
struct Served {
    real: XmlSecurity,
    document: Mutex<Option<String>>,
    fetches: AtomicUsize,
}

#[async_trait::async_trait]
impl SamlLink for Served {
    async fn fetch_metadata(&self, url: &str) -> Result<String, LinkError> {
        assert_eq!(url, METADATA_URL);
        self.fetches.fetch_add(1, Ordering::SeqCst);
        self.document
            .lock()
            .unwrap()
            .clone()
            .ok_or_else(|| LinkError::Unreachable("the IdP is down".into()))
    }
    fn read_metadata(&self, xml: &str) -> Result<IdpMetadata, String> {
        self.real.read_metadata(xml)
    }
    fn certificate(&self, key: &StoredSigningKey, subject: &str) -> Result<String, String> {
        self.real.certificate(key, subject)
    }
    fn redirect(
        &self,
        request: &Outgoing<'_>,
        key: Option<&StoredSigningKey>,
    ) -> Result<String, String> {
        self.real.redirect(request, key)
    }
    fn verify_response(
        &self,
        response: &str,
        expected: &Expected<'_>,
    ) -> Result<Asserted, Refused> {
        self.real.verify_response(response, expected)
    }
    fn read_logout(&self, message: &str) -> Result<LogoutMessage, Refused> {
        self.real.read_logout(message)
    }
}

/// An IdP's metadata whose single sign-on service is `sso`, with a fresh certificate.
fn metadata(sso: &str) -> String {
    use openssl::asn1::Asn1Time;
    use openssl::hash::MessageDigest;
    use openssl::pkey::PKey;
    use openssl::rsa::Rsa;
    use openssl::x509::{X509Builder, X509NameBuilder};

    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "idp.corp.example").unwrap();
    let name = name.build();
    let mut builder = X509Builder::new().unwrap();
    builder.set_version(2).unwrap();
    builder.set_subject_name(&name).unwrap();
    builder.set_issuer_name(&name).unwrap();
    builder.set_pubkey(&key).unwrap();
    builder
        .set_not_before(Asn1Time::days_from_now(0).unwrap().as_ref())
        .unwrap();
    builder
        .set_not_after(Asn1Time::days_from_now(365).unwrap().as_ref())
        .unwrap();
    builder.sign(&key, MessageDigest::sha256()).unwrap();
    use base64::Engine;
    let certificate =
        base64::engine::general_purpose::STANDARD.encode(builder.build().to_der().unwrap());
    format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.corp.example">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#
    )
}

#[tokio::test]
async fn metadata_from_a_url_is_fetched_again_after_six_hours_and_kept_while_unreachable() {
    let served = Arc::new(Served {
        real: XmlSecurity::new().unwrap(),
        document: Mutex::new(Some(metadata("https://idp.corp.example/sso"))),
        fetches: AtomicUsize::new(0),
    });
    let kit = Kit::with_saml(served.clone()).await;
    kit.pool
        .create_identity_provider(
            kit.pool_id(),
            crate::pool::NewProvider {
                name: "Corp".into(),
                kind: "SAML".into(),
                details: BTreeMap::from([("MetadataURL".into(), METADATA_URL.into())]),
                attribute_mapping: BTreeMap::new(),
                identifiers: Vec::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(served.fetches.load(Ordering::SeqCst), 1, "read when made");
    let settings = crate::pool::ClientSettings {
        oauth_enabled: true,
        allowed_oauth_flows: vec!["code".into()],
        allowed_oauth_scopes: vec!["openid".into()],
        identity_providers: vec!["Corp".into()],
        callback_urls: vec!["https://app.example/cb".into()],
        ..Default::default()
    };
    let client = kit.client_with(false, settings).await;
    let start = || async {
        kit.pool
            .federate_from_pages(
                client.id.as_str(),
                ChosenProvider::Named("Corp"),
                None,
                "/demo",
            )
            .await
    };

    let url = start().await.unwrap();
    assert!(
        url.starts_with("https://idp.corp.example/sso?SAMLRequest="),
        "{url}"
    );
    assert_eq!(
        served.fetches.load(Ordering::SeqCst),
        1,
        "the kept document serves"
    );

    // Six hours on, the IdP has moved its sign-on service: the next sign-in reads it.
    kit.clock.advance(6 * 3600 + 1);
    *served.document.lock().unwrap() = Some(metadata("https://login.corp.example/sso"));
    let url = start().await.unwrap();
    assert!(url.starts_with("https://login.corp.example/sso?"), "{url}");
    assert_eq!(served.fetches.load(Ordering::SeqCst), 2);

    // Another six hours, and the URL cannot be read: the last document still serves.
    kit.clock.advance(6 * 3600 + 1);
    *served.document.lock().unwrap() = None;
    let url = start().await.unwrap();
    assert!(url.starts_with("https://login.corp.example/sso?"), "{url}");
    assert_eq!(served.fetches.load(Ordering::SeqCst), 3);
    // It is not asked again on every sign-in while it is down, only every few minutes.
    start().await.unwrap();
    assert_eq!(served.fetches.load(Ordering::SeqCst), 3);
    kit.clock.advance(5 * 60 + 1);
    start().await.unwrap();
    assert_eq!(served.fetches.load(Ordering::SeqCst), 4);
}
