//! Signing in through a SAML 2.0 identity provider (Cognito's SAML federation). The pool is
//! the service provider `urn:amazon:cognito:sp:<pool id>`: it sends an AuthnRequest
//! (HTTP-Redirect binding, signed when asked), and takes the provider's response at
//! `/saml2/idpresponse` (HTTP-POST binding) only once the XML-security port has verified it
//! against the provider's metadata and the request this browser started; each assertion is
//! accepted once. The asserted user then signs in as any federated user does.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::federation::{ProviderUser, Waiting, refusal_to};
use super::oauth::OAuthError;
use super::*;
use crate::pool::federation::LinkError;
use crate::pool::saml::{
    Asserted, Expected, LogoutMessage, MAX_METADATA_CHARS, MAX_RESPONSE_CHARS, Outgoing,
    OutgoingKind, SamlLink,
};
use crate::pool::{
    FederationState, IdentityProvider, ProviderKind, SAML_NAME_ID, SamlSession, StoredSession,
    StoredSigningKey,
};

/// The pool's key that signs its requests (GetSigningCertificate's).
pub(super) const SIGNING: &str = "signing";
/// The pool's key that providers with `EncryptedResponses` encrypt to.
pub(super) const ENCRYPTION: &str = "encryption";
/// How long a fetched `MetadataURL` document is used before it is fetched again.
const METADATA_REFRESH_SECONDS: i64 = 6 * 3600;
/// How soon an unreadable metadata URL is tried again.
const METADATA_RETRY_SECONDS: i64 = 5 * 60;
/// What marks a waiting sign-out (in the verifier a sign-in keeps empty).
const SIGN_OUT: &str = "saml-sign-out";
/// How long the provider has to send the user back.
const SAML_SECONDS: i64 = 10 * 60;
/// The most an assertion is remembered for replay: it has expired by then.
const REPLAY_MEMORY_SECONDS: i64 = 24 * 3600;

/// The details of a SAML provider a caller may set.
pub(super) const SAML_DETAILS: &[&str] = &[
    "MetadataURL",
    "MetadataFile",
    "IDPSignout",
    "IDPInit",
    "EncryptedResponses",
    "RequestSigningAlgorithm",
];
/// The details Cognate derives (from the metadata and the pool's keys), as Cognito shows
/// them; given back unchanged (an SDK's round trip) they are ignored.
const DERIVED_DETAILS: &[&str] = &[
    "SSORedirectBindingURI",
    "SLORedirectBindingURI",
    "ActiveEncryptionCertificate",
];
const FLAGS: &[&str] = &["IDPSignout", "IDPInit", "EncryptedResponses"];
const KEPT_METADATA: &str = "cognate:metadata";
const KEPT_FETCHED_AT: &str = "cognate:metadata_fetched_at";

/// A SAML provider's answer at `/saml2/idpresponse`.
#[derive(Debug)]
pub enum SamlAnswer<'a> {
    /// To a sign-in this browser started (its cookie holds the `RelayState`).
    Solicited { state: &'a str, response: &'a str },
    /// Sent unasked (IdP-initiated): the `RelayState` holds the app's authorization request.
    Unsolicited {
        request: Box<AuthorizeParams>,
        response: &'a str,
    },
}

/// The default XML security: reads no SAML.
pub(super) struct NoSaml;

#[async_trait::async_trait]
impl SamlLink for NoSaml {
    async fn fetch_metadata(&self, _: &str) -> Result<String, LinkError> {
        Err(LinkError::Unreachable(
            "no SAML support is configured".into(),
        ))
    }
    fn read_metadata(&self, _: &str) -> Result<crate::pool::saml::IdpMetadata, String> {
        Err("no SAML support is configured".into())
    }
    fn certificate(&self, _: &StoredSigningKey, _: &str) -> Result<String, String> {
        Err("no SAML support is configured".into())
    }
    fn redirect(&self, _: &Outgoing<'_>, _: Option<&StoredSigningKey>) -> Result<String, String> {
        Err("no SAML support is configured".into())
    }
    fn verify_response(
        &self,
        _: &str,
        _: &Expected<'_>,
    ) -> Result<Asserted, crate::pool::saml::Refused> {
        Err(crate::pool::saml::Refused(
            "no SAML support is configured".into(),
        ))
    }
    fn read_logout(
        &self,
        _: &str,
    ) -> Result<crate::pool::saml::LogoutMessage, crate::pool::saml::Refused> {
        Err(crate::pool::saml::Refused(
            "no SAML support is configured".into(),
        ))
    }
}

fn invalid<T>(fault: ProviderFault) -> Result<T, PoolError> {
    Err(PoolError::InvalidParameter(Invalid::Provider(fault)))
}

impl UserPool {
    /// The pool's SAML entity ID, as Cognito names it.
    pub fn saml_entity_id(pool: &PoolId) -> String {
        format!("urn:amazon:cognito:sp:{pool}")
    }

    /// `<public URL>/saml2/idpresponse`: the assertion consumer service.
    pub fn saml_acs_url(&self) -> String {
        format!("{}/saml2/idpresponse", self.public_url())
    }

    /// `<public URL>/saml2/logout`: where a provider answers a sign-out.
    pub fn saml_logout_url(&self) -> String {
        format!("{}/saml2/logout", self.public_url())
    }

    /// The pool's SAML key for `purpose`, made on first use (the first node's insert wins).
    pub(super) async fn saml_key(
        &self,
        pool: &PoolId,
        purpose: &str,
    ) -> Result<StoredSigningKey, PoolError> {
        if let Some(key) = self.store.saml_key(pool, purpose).await? {
            return Ok(key);
        }
        let pkcs8 = tokio::task::spawn_blocking(tokens::generate_rsa_key)
            .await
            .map_err(|error| PoolError::internal(error.to_string()))?
            .map_err(|error| PoolError::internal(error.to_string()))?;
        let key = StoredSigningKey {
            kid: format!("{purpose}-{}", uuid::Uuid::new_v4()),
            private_pkcs8: pkcs8,
            created_at: self.clock.now(),
        };
        match self.store.insert_saml_key(pool, purpose, &key).await {
            Ok(()) => {
                tracing::info!(pool_id = %pool, purpose, "generated a SAML key");
                Ok(key)
            }
            Err(StoreError::Conflict) => self
                .store
                .saml_key(pool, purpose)
                .await?
                .ok_or_else(|| PoolError::internal("a SAML key vanished")),
            Err(error) => Err(error.into()),
        }
    }

    /// A certificate of the pool's SAML key for `purpose`, base64 DER.
    async fn saml_certificate(&self, pool: &PoolId, purpose: &str) -> Result<String, PoolError> {
        let key = self.saml_key(pool, purpose).await?;
        self.saml
            .certificate(&key, &Self::saml_entity_id(pool))
            .map_err(PoolError::internal)
    }

    /// Cognito GetSigningCertificate: the certificate whose key signs the pool's SAML
    /// requests, base64 DER.
    pub async fn signing_certificate(&self, pool_id: &str) -> Result<String, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        self.saml_certificate(&pool.id, SIGNING).await
    }

    /// A SAML provider's details checked: one metadata source (a `MetadataURL` is fetched
    /// now), readable as an IdP's metadata; flags `true` or `false`; then the details
    /// Cognito derives (the SSO and SLO services, the encryption certificate).
    pub(super) async fn checked_saml_details(
        &self,
        pool: &PoolId,
        given: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, PoolError> {
        let mut details: BTreeMap<String, String> = BTreeMap::new();
        for (key, value) in given {
            if DERIVED_DETAILS.contains(&key.as_str()) {
                continue;
            }
            if !SAML_DETAILS.contains(&key.as_str()) {
                return invalid(ProviderFault::UnknownDetail(key));
            }
            details.insert(key, value);
        }
        for flag in FLAGS {
            match details.get(*flag).map(String::as_str) {
                None | Some("true" | "false") => {}
                Some(other) => {
                    return invalid(ProviderFault::SamlFlag {
                        key: flag.to_string(),
                        value: other.to_string(),
                    });
                }
            }
        }
        match details.get("RequestSigningAlgorithm").map(String::as_str) {
            None | Some("rsa-sha256") => {}
            Some(other) => return invalid(ProviderFault::SigningAlgorithm(other.to_string())),
        }
        let given = |key: &str| {
            details
                .get(key)
                .map(String::as_str)
                .filter(|v| !v.trim().is_empty())
        };
        let xml = match (given("MetadataURL"), given("MetadataFile")) {
            (None, None) => return invalid(ProviderFault::SamlNoMetadata),
            (Some(_), Some(_)) => return invalid(ProviderFault::SamlBothMetadata),
            (None, Some(file)) => file.to_string(),
            (Some(url), None) => {
                if !super::providers::is_acceptable_url(url) {
                    return invalid(ProviderFault::DetailUrl {
                        key: "MetadataURL".into(),
                        value: url.to_string(),
                    });
                }
                let url = url.to_string();
                let xml = self.saml.fetch_metadata(&url).await.map_err(|error| {
                    tracing::info!(%error, "SAML metadata unreachable");
                    PoolError::InvalidParameter(Invalid::Provider(
                        ProviderFault::SamlMetadataUnreachable(url.clone()),
                    ))
                })?;
                details.insert(KEPT_FETCHED_AT.into(), self.clock.now().0.to_string());
                details.insert(KEPT_METADATA.into(), xml.clone());
                xml
            }
        };
        if xml.chars().count() > MAX_METADATA_CHARS {
            return invalid(ProviderFault::SamlMetadata(format!(
                "it is longer than {MAX_METADATA_CHARS} characters"
            )));
        }
        let metadata = self.saml.read_metadata(&xml).map_err(|reason| {
            PoolError::InvalidParameter(Invalid::Provider(ProviderFault::SamlMetadata(reason)))
        })?;
        details.insert("SSORedirectBindingURI".into(), metadata.sso_redirect);
        if let Some(slo) = metadata.slo_redirect {
            details.insert("SLORedirectBindingURI".into(), slo);
        }
        if details.get("EncryptedResponses").map(String::as_str) == Some("true") {
            let certificate = self.saml_certificate(pool, ENCRYPTION).await?;
            details.insert("ActiveEncryptionCertificate".into(), certificate);
        }
        Ok(details)
    }

    /// The provider's metadata document: its file, or its URL's document, fetched again
    /// when older than six hours (the last one serves while the URL cannot be read).
    async fn saml_metadata(&self, provider: &IdentityProvider) -> Result<String, LinkError> {
        if let Some(file) = provider.detail("MetadataFile") {
            return Ok(file.to_string());
        }
        let kept = provider.detail(KEPT_METADATA).map(str::to_string);
        let fetched_at = provider
            .detail(KEPT_FETCHED_AT)
            .and_then(|at| at.parse::<i64>().ok())
            .unwrap_or(0);
        let now = self.clock.now();
        if let Some(kept) = &kept
            && now.0 - fetched_at < METADATA_REFRESH_SECONDS
        {
            return Ok(kept.clone());
        }
        let url = provider
            .detail("MetadataURL")
            .ok_or_else(|| LinkError::Refused("no metadata".into()))?;
        let fresh = async {
            let xml = self.saml.fetch_metadata(url).await?;
            if xml.chars().count() > MAX_METADATA_CHARS {
                return Err(LinkError::Refused("the metadata is too long".into()));
            }
            self.saml.read_metadata(&xml).map_err(LinkError::Refused)?;
            Ok(xml)
        }
        .await;
        let keep = |xml: &str, fetched_at: i64| {
            let mut refreshed = provider.clone();
            refreshed
                .details
                .insert(KEPT_METADATA.into(), xml.to_string());
            refreshed
                .details
                .insert(KEPT_FETCHED_AT.into(), fetched_at.to_string());
            refreshed
        };
        let (xml, refreshed) = match (fresh, kept) {
            (Ok(xml), _) => {
                let refreshed = keep(&xml, now.0);
                (xml, refreshed)
            }
            (Err(error), Some(kept)) => {
                tracing::warn!(%error, provider = %provider.name, "SAML metadata not refreshed; the last one serves");
                // Tried again in a few minutes, not on every sign-in while it is down.
                let retry_at = now.0 - METADATA_REFRESH_SECONDS + METADATA_RETRY_SECONDS;
                let refreshed = keep(&kept, retry_at);
                (kept, refreshed)
            }
            (Err(error), None) => return Err(error),
        };
        if let Err(error) = self.store.update_provider(&refreshed).await {
            tracing::warn!(%error, provider = %provider.name, "cannot keep the SAML metadata's refresh");
        }
        Ok(xml)
    }

    /// Keeps what the provider's answer will be checked against (the request's ID, under
    /// the `RelayState`'s hash) and gives the AuthnRequest's URL at the provider.
    pub(super) async fn start_saml(
        &self,
        client: &AppClient,
        provider: &IdentityProvider,
        request_hash: Option<String>,
        next: Option<String>,
    ) -> Result<String, LinkError> {
        let unreachable = |error: PoolError| LinkError::Unreachable(error.to_string());
        let xml = self.saml_metadata(provider).await?;
        let metadata = self.saml.read_metadata(&xml).map_err(LinkError::Refused)?;
        let sign =
            provider.detail("RequestSigningAlgorithm").is_some() || metadata.wants_signed_requests;
        let key = if sign {
            Some(
                self.saml_key(&provider.pool_id, SIGNING)
                    .await
                    .map_err(unreachable)?,
            )
        } else {
            None
        };
        let state = tokens::new_refresh_token();
        // An NCName: it starts with a letter.
        let request_id = format!("_{}", uuid::Uuid::new_v4().simple());
        let kept = FederationState {
            pool_id: provider.pool_id.clone(),
            client_id: client.id.clone(),
            provider_name: provider.name.clone(),
            nonce: request_id.clone(),
            verifier: String::new(),
            request_hash,
            next,
            expires_at: Timestamp(self.clock.now().0 + SAML_SECONDS),
        };
        self.store
            .insert_federation(&tokens::secret_hash(&state), &kept)
            .await
            .map_err(|error| LinkError::Unreachable(error.to_string()))?;
        let issuer = Self::saml_entity_id(&provider.pool_id);
        let acs = self.saml_acs_url();
        let request = Outgoing {
            id: &request_id,
            issuer: &issuer,
            destination: &metadata.sso_redirect,
            reply_to: &acs,
            relay_state: &state,
            kind: OutgoingKind::AuthnRequest,
        };
        let url = self
            .saml
            .redirect(&request, key.as_ref())
            .map_err(LinkError::Refused)?;
        tracing::info!(provider = %provider.name, signed = sign, "SAML sign-in started");
        Ok(url)
    }

    /// `/saml2/idpresponse`: the provider's response, verified, signs its user in.
    #[tracing::instrument(skip_all)]
    pub async fn finish_saml(&self, answer: SamlAnswer<'_>) -> Result<Federated, FederationError> {
        let gone = || FederationError::Page(OAuthError::FederationGone);
        match answer {
            SamlAnswer::Solicited { state, response } => {
                let Waiting {
                    kept,
                    pool,
                    client,
                    request,
                } = self.take_waiting(state).await?;
                let provider = self
                    .store
                    .list_providers(&kept.pool_id)
                    .await
                    .map_err(|_| gone())?
                    .into_iter()
                    .find(|provider| {
                        provider.name == kept.provider_name && provider.kind == ProviderKind::Saml
                    })
                    .ok_or_else(|| refusal_to(&request, OAuthError::ProviderGone))?;
                let user = self
                    .asserted_user(&provider, response, Some(&kept.nonce))
                    .await
                    .map_err(|reason| refusal_to(&request, reason))?;
                self.complete_federation(&pool, &client, &provider, user, request, kept.next)
                    .await
            }
            SamlAnswer::Unsolicited { request, response } => {
                let checked =
                    self.checked_authorize(*request)
                        .await
                        .map_err(|error| match error {
                            AuthorizeError::Redirect(callback) => FederationError::App(callback),
                            AuthorizeError::NoRedirect(_) => {
                                FederationError::Page(OAuthError::SamlUnsolicited)
                            }
                        })?;
                let request = Some(checked.request.clone());
                let refuse = |reason| refusal_to(&request, reason);
                let (asked, by_identifier) = checked
                    .provider
                    .clone()
                    .ok_or_else(|| refuse(OAuthError::SamlUnsolicited))?;
                let provider = self
                    .supported_provider(&checked.client, &asked, by_identifier)
                    .await
                    .ok()
                    .flatten()
                    .filter(|provider| provider.kind == ProviderKind::Saml)
                    .ok_or_else(|| refuse(OAuthError::ProviderNotEnabled(asked.clone())))?;
                if !provider.flag("IDPInit") {
                    tracing::warn!(provider = %provider.name, "unsolicited SAML response refused: IDPInit is off");
                    return Err(refuse(OAuthError::ProviderUntrusted(provider.name.clone())));
                }
                let (pool, client) = self
                    .client(checked.client.id.as_str())
                    .await
                    .map_err(|error| refuse(OAuthError::Failed(error)))?;
                let user = self
                    .asserted_user(&provider, response, None)
                    .await
                    .map_err(refuse)?;
                self.complete_federation(&pool, &client, &provider, user, request, None)
                    .await
            }
        }
    }

    /// The response verified (off the async runtime: XML security is CPU work), its
    /// assertion accepted once, and its user as the attributes a mapping reads: each SAML
    /// attribute by name (several values joined by commas), and the `NameID`; with who it
    /// named, for the provider's single logout.
    async fn asserted_user(
        &self,
        provider: &IdentityProvider,
        response: &str,
        request_id: Option<&str>,
    ) -> Result<ProviderUser, OAuthError> {
        let untrusted = || OAuthError::ProviderUntrusted(provider.name.clone());
        if response.len() > MAX_RESPONSE_CHARS {
            tracing::warn!(provider = %provider.name, size = response.len(), "SAML response over the size cap refused unread");
            return Err(untrusted());
        }
        let metadata = self.saml_metadata(provider).await.map_err(|error| {
            tracing::warn!(%error, provider = %provider.name, "SAML metadata unreachable");
            OAuthError::ProviderUnreachable(provider.name.clone())
        })?;
        let decryption_key = if provider.flag("EncryptedResponses") {
            Some(
                self.saml_key(&provider.pool_id, ENCRYPTION)
                    .await
                    .map_err(OAuthError::Failed)?,
            )
        } else {
            None
        };
        let saml = self.saml.clone();
        let audience = Self::saml_entity_id(&provider.pool_id);
        let acs_url = self.saml_acs_url();
        let response = response.to_string();
        let request_id = request_id.map(str::to_string);
        let verified = tokio::task::spawn_blocking(move || {
            saml.verify_response(
                &response,
                &Expected {
                    metadata: &metadata,
                    audience: &audience,
                    acs_url: &acs_url,
                    request_id: request_id.as_deref(),
                    decryption_key: decryption_key.as_ref(),
                },
            )
        })
        .await
        .map_err(|error| OAuthError::Failed(PoolError::internal(error.to_string())))?;
        let asserted = verified.map_err(|refused| {
            tracing::warn!(provider = %provider.name, why = %refused, "SAML response refused");
            untrusted()
        })?;
        let now = self.clock.now().0;
        let remember_until = asserted
            .valid_until
            .0
            .clamp(now, now + REPLAY_MEMORY_SECONDS);
        let key = tokens::secret_hash(&format!(
            "{}\u{0}{}\u{0}{}",
            provider.pool_id, provider.name, asserted.assertion_id
        ));
        let first_use = self
            .store
            .accept_assertion(&key, Timestamp(remember_until + 300))
            .await
            .map_err(|error| OAuthError::Failed(error.into()))?;
        if !first_use {
            tracing::warn!(provider = %provider.name, "replayed SAML assertion refused");
            return Err(untrusted());
        }
        let mut claims = Map::new();
        for (name, values) in asserted.attributes {
            claims.insert(name, Value::String(values.join(",")));
        }
        claims.insert(SAML_NAME_ID.into(), Value::String(asserted.name_id.clone()));
        let session = SamlSession {
            provider_name: provider.name.clone(),
            name_id: asserted.name_id,
            name_id_format: asserted.name_id_format,
            session_index: asserted.session_index,
        };
        Ok(ProviderUser {
            claims,
            saml: Some(session),
        })
    }

    /// Signing out of a session a SAML provider began, when that provider wants to hear of
    /// it (`IDPSignout`) and has a logout service: the LogoutRequest's URL (signed, as SAML
    /// asks of logout requests), whose answer at `/saml2/logout` goes on to `after`.
    /// `None` when the provider is not told.
    pub async fn saml_sign_out(
        &self,
        session: &StoredSession,
        after: &str,
    ) -> Result<Option<String>, PoolError> {
        let Some(saml) = &session.saml else {
            return Ok(None);
        };
        let Some(family) = self.store.get_family(&session.family_id).await? else {
            return Ok(None);
        };
        let provider = self
            .store
            .list_providers(&family.pool_id)
            .await?
            .into_iter()
            .find(|p| p.name == saml.provider_name && p.kind == ProviderKind::Saml);
        let Some(provider) = provider.filter(|p| p.flag("IDPSignout")) else {
            return Ok(None);
        };
        let metadata = match self.saml_metadata(&provider).await {
            Ok(xml) => self.saml.read_metadata(&xml).ok(),
            Err(error) => {
                tracing::warn!(%error, provider = %provider.name, "SAML metadata unreachable: the provider is not told of the sign-out");
                None
            }
        };
        let Some(logout_service) = metadata.and_then(|m| m.slo_redirect) else {
            return Ok(None);
        };
        let key = self.saml_key(&provider.pool_id, SIGNING).await?;
        let state = tokens::new_refresh_token();
        let request_id = format!("_{}", uuid::Uuid::new_v4().simple());
        let kept = FederationState {
            pool_id: provider.pool_id.clone(),
            client_id: family.client_id.clone(),
            provider_name: provider.name.clone(),
            nonce: request_id.clone(),
            verifier: SIGN_OUT.into(),
            request_hash: None,
            next: Some(after.to_string()),
            expires_at: Timestamp(self.clock.now().0 + SAML_SECONDS),
        };
        self.store
            .insert_federation(&tokens::secret_hash(&state), &kept)
            .await?;
        let issuer = Self::saml_entity_id(&provider.pool_id);
        let reply_to = self.saml_logout_url();
        let request = Outgoing {
            id: &request_id,
            issuer: &issuer,
            destination: &logout_service,
            reply_to: &reply_to,
            relay_state: &state,
            kind: OutgoingKind::LogoutRequest {
                name_id: &saml.name_id,
                name_id_format: saml.name_id_format.as_deref(),
                session_index: saml.session_index.as_deref(),
            },
        };
        let url = self
            .saml
            .redirect(&request, Some(&key))
            .map_err(PoolError::internal)?;
        tracing::info!(provider = %provider.name, "SAML sign-out sent to the provider");
        Ok(Some(url))
    }

    /// `/saml2/logout`: the provider's answer to a sign-out Cognate asked of it; where the
    /// browser goes next (the sign-out's own destination). The local sign-out is already
    /// done: an answer that is not the expected one is logged, and the user still goes on.
    pub async fn finish_saml_sign_out(
        &self,
        relay_state: &str,
        message: &str,
    ) -> Result<String, OAuthError> {
        let kept = self
            .store
            .take_federation(&tokens::secret_hash(relay_state))
            .await
            .map_err(|_| OAuthError::FederationGone)?
            .filter(|kept| kept.expires_at > self.clock.now() && kept.verifier == SIGN_OUT)
            .ok_or(OAuthError::FederationGone)?;
        let next = kept.next.clone().ok_or(OAuthError::FederationGone)?;
        match self.saml.read_logout(message) {
            Ok(LogoutMessage::Response { in_response_to })
                if in_response_to.as_deref() == Some(kept.nonce.as_str()) =>
            {
                tracing::info!(provider = %kept.provider_name, "SAML sign-out confirmed by the provider");
            }
            Ok(_) => {
                tracing::warn!(provider = %kept.provider_name, "the provider's sign-out answer is for another request")
            }
            Err(refused) => {
                tracing::warn!(provider = %kept.provider_name, why = %refused, "the provider's sign-out answer is unreadable")
            }
        }
        Ok(next)
    }
}
