//! How an app client's hosted pages look, as Cognito's operations set it: managed-login
//! branding styles (Create/Update/Describe/DescribeByClient/DeleteManagedLoginBranding),
//! the classic UI customization (Set/GetUICustomization) and terms documents
//! (Create/Update/Describe/DescribeByClient/List/DeleteTerms); and what a page needs of them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::Value;

use super::*;
use crate::pool::look::{self, LookFault};
use crate::pool::{
    Asset, AssetCategory, AssetExtension, Branding, ColorMode, MAX_ASSET_BYTES, MAX_ASSETS,
    MAX_UI_CSS, MAX_UI_IMAGE, Terms, TermsLanguage, TermsName, UiCustomization, digest_of,
};

/// Cognate's own look, in the shape of the branding editor's settings: what a style lays
/// its settings over (and what `ReturnMergedResources` answers with).
static DEFAULT_SETTINGS: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../data/default-branding.json"))
        .expect("the default branding settings are JSON")
});

/// The most terms a ListTerms page holds (Cognito's `MaxResults` cap).
pub const MAX_TERMS_PAGE: u32 = 60;

/// What CreateManagedLoginBranding and UpdateManagedLoginBranding give.
#[derive(Clone, Debug, Default)]
pub struct BrandingInput {
    pub use_cognito_provided_values: bool,
    pub settings: Option<Value>,
    pub assets: Option<Vec<Asset>>,
}

/// What a hosted page needs to look as its client's: the style, else the classic
/// customization (the client's, else the pool's), and the terms to link to.
#[derive(Clone, Debug, Default)]
pub struct PageLook {
    pub branding: Option<Branding>,
    pub classic: Option<UiCustomization>,
    pub terms: Vec<Terms>,
}

fn invalid<T>(fault: LookFault) -> Result<T, PoolError> {
    Err(PoolError::InvalidParameter(Invalid::Look(fault)))
}

/// The settings a style's pages are drawn with: Cognate's defaults under its own.
pub fn merged_settings(branding: &Branding) -> Value {
    let mut merged = DEFAULT_SETTINGS.clone();
    look::merge_settings(&mut merged, &branding.settings);
    merged
}

/// Cognate's own settings document.
pub fn default_settings() -> &'static Value {
    &DEFAULT_SETTINGS
}

fn check_assets(assets: &[Asset]) -> Result<(), PoolError> {
    if assets.len() > MAX_ASSETS {
        return invalid(LookFault::TooManyAssets);
    }
    let mut seen = std::collections::HashSet::new();
    for asset in assets {
        if !seen.insert((asset.category, asset.color_mode)) {
            return invalid(LookFault::DuplicateAsset(asset.category, asset.color_mode));
        }
        if let Some(id) = &asset.resource_id {
            let fits = (1..=40).contains(&id.chars().count())
                && id
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ');
            if !fits {
                return invalid(LookFault::ResourceId);
            }
        }
        if let Err(fault) = look::check_image(asset.extension, &asset.bytes, MAX_ASSET_BYTES) {
            return invalid(fault);
        }
    }
    Ok(())
}

/// A new UUID (version 4), as Cognito's branding and terms ids.
fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl UserPool {
    /// The pool, and the app client `client_id` of it.
    async fn pool_client(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<(PoolConfig, ClientId), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        let (_, client) = self.client(client_id).await?;
        if client.pool_id != pool.id {
            return Err(PoolError::ResourceNotFound(Missing::Client(
                client_id.to_string(),
            )));
        }
        Ok((pool, client.id))
    }

    /// Cognito CreateManagedLoginBranding: one style an app client.
    #[tracing::instrument(skip_all)]
    pub async fn create_branding(
        &self,
        pool_id: &str,
        client_id: &str,
        input: BrandingInput,
    ) -> Result<(Branding, Vec<Asset>), PoolError> {
        let (pool, client_id) = self.pool_client(pool_id, client_id).await?;
        let own = input.settings.is_some() || input.assets.is_some();
        if input.use_cognito_provided_values && own {
            return invalid(LookFault::CognitoValuesWithOwn);
        }
        let settings = input
            .settings
            .unwrap_or_else(|| Value::Object(Default::default()));
        if let Err(fault) = look::check_settings(&settings) {
            return invalid(fault);
        }
        let assets = input.assets.unwrap_or_default();
        check_assets(&assets)?;
        let now = self.clock.now();
        let branding = Branding {
            id: new_id(),
            pool_id: pool.id,
            client_id,
            use_cognito_provided_values: input.use_cognito_provided_values,
            settings,
            assets: assets.iter().map(Asset::info).collect(),
            created_at: now,
            updated_at: now,
        };
        match self.store.insert_branding(&branding, &assets).await {
            Err(StoreError::Conflict) => return Err(PoolError::BrandingExists),
            other => other?,
        }
        tracing::info!(assets = assets.len(), "branding style created");
        Ok((branding, assets))
    }

    /// Cognito UpdateManagedLoginBranding: the settings given are laid over the stored
    /// ones, each asset given replaces the one of its category and mode, and what is not
    /// given stays; `UseCognitoProvidedValues` clears both.
    #[tracing::instrument(skip_all)]
    pub async fn update_branding(
        &self,
        pool_id: &str,
        id: &str,
        input: BrandingInput,
    ) -> Result<(Branding, Vec<Asset>), PoolError> {
        let mut branding = self.find_branding(pool_id, id).await?;
        let mut assets = self.store.branding_assets(&branding.id).await?;
        if input.use_cognito_provided_values {
            if input.settings.is_some() || input.assets.is_some() {
                return invalid(LookFault::CognitoValuesWithOwn);
            }
            branding.settings = Value::Object(Default::default());
            assets.clear();
        }
        branding.use_cognito_provided_values = input.use_cognito_provided_values;
        if let Some(settings) = &input.settings {
            if let Err(fault) = look::check_settings(settings) {
                return invalid(fault);
            }
            look::merge_settings(&mut branding.settings, settings);
        }
        if let Some(given) = input.assets {
            check_assets(&given)?;
            assets.retain(|kept| {
                !given
                    .iter()
                    .any(|new| new.category == kept.category && new.color_mode == kept.color_mode)
            });
            assets.extend(given);
            if assets.len() > MAX_ASSETS {
                return invalid(LookFault::TooManyAssets);
            }
        }
        branding.assets = assets.iter().map(Asset::info).collect();
        branding.updated_at = self.clock.now();
        match self.store.update_branding(&branding, &assets).await {
            Err(StoreError::NotFound) => return Err(missing_branding(id)),
            other => other?,
        }
        tracing::info!(assets = assets.len(), "branding style updated");
        Ok((branding, assets))
    }

    async fn find_branding(&self, pool_id: &str, id: &str) -> Result<Branding, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        self.store
            .branding(&pool.id, id)
            .await?
            .ok_or_else(|| missing_branding(id))
    }

    /// Cognito DescribeManagedLoginBranding: the style and its assets.
    pub async fn describe_branding(
        &self,
        pool_id: &str,
        id: &str,
    ) -> Result<(Branding, Vec<Asset>), PoolError> {
        let branding = self.find_branding(pool_id, id).await?;
        let assets = self.store.branding_assets(&branding.id).await?;
        Ok((branding, assets))
    }

    /// Cognito DescribeManagedLoginBrandingByClient.
    pub async fn describe_client_branding(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<(Branding, Vec<Asset>), PoolError> {
        let (_, client) = self.pool_client(pool_id, client_id).await?;
        let branding = self
            .store
            .client_branding(&client)
            .await?
            .ok_or_else(|| missing_branding(client.as_str()))?;
        let assets = self.store.branding_assets(&branding.id).await?;
        Ok((branding, assets))
    }

    /// Cognito DeleteManagedLoginBranding.
    pub async fn delete_branding(&self, pool_id: &str, id: &str) -> Result<(), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        if !self.store.delete_branding(&pool.id, id).await? {
            return Err(missing_branding(id));
        }
        tracing::info!("branding style deleted");
        Ok(())
    }

    /// One asset of a style, to serve: `None` when the style or the asset is gone.
    pub async fn branding_asset(
        &self,
        branding_id: &str,
        category: AssetCategory,
        mode: ColorMode,
    ) -> Result<Option<Asset>, PoolError> {
        Ok(self
            .store
            .branding_asset(branding_id, category, mode)
            .await?)
    }

    /// Cognito SetUICustomization: the pool's (`client_id` none or `ALL`) or a client's CSS
    /// and logo, replacing what was set. As Cognito's, the pool needs a domain.
    #[tracing::instrument(skip_all)]
    pub async fn set_ui_customization(
        &self,
        pool_id: &str,
        client_id: Option<&str>,
        css: Option<String>,
        image: Option<Vec<u8>>,
    ) -> Result<UiCustomization, PoolError> {
        let (pool, client) = self.ui_target(pool_id, client_id).await?;
        if self.store.pool_domains(&pool.id).await?.is_empty() {
            return invalid(LookFault::NoDomain);
        }
        if let Some(css) = &css {
            if css.chars().count() > MAX_UI_CSS {
                return invalid(LookFault::TooLarge(MAX_UI_CSS));
            }
            if let Err(fault) = look::check_ui_css(css) {
                return invalid(fault);
            }
        }
        let image = match image {
            Some(bytes) if !bytes.is_empty() => {
                let extension = [AssetExtension::Png, AssetExtension::Jpeg]
                    .into_iter()
                    .find(|extension| look::check_image(*extension, &bytes, usize::MAX).is_ok())
                    .map_or_else(|| invalid(LookFault::UiImageType), Ok)?;
                if bytes.len() > MAX_UI_IMAGE {
                    return invalid(LookFault::TooLarge(MAX_UI_IMAGE));
                }
                Some((extension, bytes))
            }
            _ => None,
        };
        let now = self.clock.now();
        let created_at = self
            .store
            .ui_customization(&pool.id, client.as_ref())
            .await?
            .map_or(now, |old| old.created_at);
        let customization = UiCustomization {
            pool_id: pool.id,
            client_id: client,
            css,
            image: image
                .as_ref()
                .map(|(extension, bytes)| (*extension, digest_of(bytes))),
            created_at,
            updated_at: now,
        };
        self.store
            .put_ui_customization(&customization, image.as_ref().map(|(_, b)| b.as_slice()))
            .await?;
        tracing::info!(
            client = customization.client_id.is_some(),
            "UI customization set"
        );
        Ok(customization)
    }

    /// Cognito GetUICustomization: the client's own, else the pool's; `None` when neither
    /// was set.
    pub async fn ui_customization(
        &self,
        pool_id: &str,
        client_id: Option<&str>,
    ) -> Result<Option<UiCustomization>, PoolError> {
        let (pool, client) = self.ui_target(pool_id, client_id).await?;
        self.classic_look(&pool.id, client.as_ref()).await
    }

    async fn classic_look(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Result<Option<UiCustomization>, PoolError> {
        if let Some(client) = client
            && let Some(own) = self.store.ui_customization(pool, Some(client)).await?
        {
            return Ok(Some(own));
        }
        Ok(self.store.ui_customization(pool, None).await?)
    }

    async fn ui_target(
        &self,
        pool_id: &str,
        client_id: Option<&str>,
    ) -> Result<(PoolConfig, Option<ClientId>), PoolError> {
        match client_id {
            None | Some("ALL") => Ok((self.describe_pool(pool_id).await?, None)),
            Some(client_id) => {
                let (pool, client) = self.pool_client(pool_id, client_id).await?;
                Ok((pool, Some(client)))
            }
        }
    }

    /// A UI customization's logo, to serve.
    pub async fn ui_logo(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Result<Option<(AssetExtension, Vec<u8>)>, PoolError> {
        Ok(self.store.ui_image(pool, client).await?)
    }

    /// Cognito CreateTerms: one set of each name an app client.
    #[tracing::instrument(skip_all)]
    pub async fn create_terms(
        &self,
        pool_id: &str,
        client_id: &str,
        name: TermsName,
        links: BTreeMap<TermsLanguage, String>,
    ) -> Result<Terms, PoolError> {
        let (pool, client_id) = self.pool_client(pool_id, client_id).await?;
        check_links(&links)?;
        let now = self.clock.now();
        let terms = Terms {
            id: new_id(),
            pool_id: pool.id,
            client_id,
            name,
            links,
            created_at: now,
            updated_at: now,
        };
        match self.store.insert_terms(&terms).await {
            Err(StoreError::Conflict) => return Err(PoolError::TermsExists),
            other => other?,
        }
        tracing::info!(name = name.as_str(), "terms created");
        Ok(terms)
    }

    /// Cognito UpdateTerms: what is given replaces what was.
    #[tracing::instrument(skip_all)]
    pub async fn update_terms(
        &self,
        pool_id: &str,
        id: &str,
        name: Option<TermsName>,
        links: Option<BTreeMap<TermsLanguage, String>>,
    ) -> Result<Terms, PoolError> {
        let mut terms = self.describe_terms(pool_id, id).await?;
        if let Some(name) = name {
            terms.name = name;
        }
        if let Some(links) = links {
            check_links(&links)?;
            terms.links = links;
        }
        terms.updated_at = self.clock.now();
        match self.store.update_terms(&terms).await {
            Err(StoreError::Conflict) => return Err(PoolError::TermsExists),
            Err(StoreError::NotFound) => return Err(missing_terms(id)),
            other => other?,
        }
        Ok(terms)
    }

    /// Cognito DescribeTerms.
    pub async fn describe_terms(&self, pool_id: &str, id: &str) -> Result<Terms, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        self.store
            .terms(&pool.id, id)
            .await?
            .ok_or_else(|| missing_terms(id))
    }

    /// Cognito DescribeTermsByClient.
    pub async fn client_terms(
        &self,
        pool_id: &str,
        client_id: &str,
        name: TermsName,
    ) -> Result<Terms, PoolError> {
        let (_, client) = self.pool_client(pool_id, client_id).await?;
        self.store
            .client_terms(&client)
            .await?
            .into_iter()
            .find(|terms| terms.name == name)
            .ok_or_else(|| missing_terms(name.as_str()))
    }

    /// Cognito ListTerms: a page of the pool's terms by id, after `after` (one more than a
    /// page at most, for the door to see whether another follows).
    pub async fn list_terms(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Terms>, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        Ok(self
            .store
            .list_terms(&pool.id, after, limit.clamp(1, MAX_TERMS_PAGE + 1))
            .await?)
    }

    /// Cognito DeleteTerms.
    pub async fn delete_terms(&self, pool_id: &str, id: &str) -> Result<(), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        if !self.store.delete_terms(&pool.id, id).await? {
            return Err(missing_terms(id));
        }
        Ok(())
    }

    /// The client's terms documents, for its sign-up page.
    pub async fn terms_for_pages(&self, client: &ClientId) -> Result<Vec<Terms>, PoolError> {
        Ok(self.store.client_terms(client).await?)
    }

    /// How the pages of app client `client_id` look. An unknown client looks as Cognate.
    pub async fn page_look(&self, client_id: &str) -> Result<PageLook, PoolError> {
        let Some(client) = ClientId::parse(client_id) else {
            return Ok(PageLook::default());
        };
        let Some(found) = self.store.get_client(&client).await? else {
            return Ok(PageLook::default());
        };
        let branding = self.store.client_branding(&client).await?;
        let classic = match &branding {
            Some(_) => None,
            None => self.classic_look(&found.pool_id, Some(&client)).await?,
        };
        let terms = self.store.client_terms(&client).await?;
        Ok(PageLook {
            branding,
            classic,
            terms,
        })
    }
}

fn missing_branding(id: &str) -> PoolError {
    PoolError::ResourceNotFound(Missing::Branding(id.to_string()))
}

fn missing_terms(id: &str) -> PoolError {
    PoolError::ResourceNotFound(Missing::Terms(id.to_string()))
}

/// Links: 1 to 13 languages, each an http(s) URL of at most 1024 characters.
fn check_links(links: &BTreeMap<TermsLanguage, String>) -> Result<(), PoolError> {
    if links.is_empty() || links.len() > TermsLanguage::ALL.len() {
        return invalid(LookFault::Links);
    }
    for link in links.values() {
        let web = url::Url::parse(link)
            .is_ok_and(|url| matches!(url.scheme(), "https" | "http") && url.has_host());
        if !web || link.chars().count() > 1024 {
            return invalid(LookFault::LinkUrl(link.chars().take(100).collect()));
        }
    }
    Ok(())
}
