//! The storage port of how an app client's pages look (branding, UI customization, terms).

use async_trait::async_trait;

use super::Stored;
use crate::pool::{
    Asset, AssetCategory, AssetExtension, Branding, ClientId, ColorMode, PoolId, Terms,
    UiCustomization,
};

/// How an app client's pages look: its branding style (with its assets' bytes kept apart
/// from the row a page reads), the classic UI customization and its terms documents.
#[async_trait]
pub trait LookStore: Send + Sync {
    /// Stores a new branding style with its assets; `Conflict` if the client has one.
    async fn insert_branding(&self, branding: &Branding, assets: &[Asset]) -> Stored<()>;
    /// Writes a style's flag, settings, asset list and time, and replaces its assets with
    /// `assets`.
    async fn update_branding(&self, branding: &Branding, assets: &[Asset]) -> Stored<()>;
    /// The pool's style with this id.
    async fn branding(&self, pool: &PoolId, id: &str) -> Stored<Option<Branding>>;
    /// The client's style, if it has one.
    async fn client_branding(&self, client: &ClientId) -> Stored<Option<Branding>>;
    /// A style's assets, with their bytes.
    async fn branding_assets(&self, id: &str) -> Stored<Vec<Asset>>;
    /// One asset of a style, with its bytes.
    async fn branding_asset(
        &self,
        id: &str,
        category: AssetCategory,
        mode: ColorMode,
    ) -> Stored<Option<Asset>>;
    /// Deletes it and its assets; `false` if the pool had no such style.
    async fn delete_branding(&self, pool: &PoolId, id: &str) -> Stored<bool>;

    /// Writes the pool's (`client_id` none) or a client's UI customization, replacing the
    /// one there was; `image` is the logo's bytes.
    async fn put_ui_customization(
        &self,
        customization: &UiCustomization,
        image: Option<&[u8]>,
    ) -> Stored<()>;
    /// The pool's UI customization (`client` none), or the client's own.
    async fn ui_customization(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Stored<Option<UiCustomization>>;
    /// That customization's logo: its type and bytes.
    async fn ui_image(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Stored<Option<(AssetExtension, Vec<u8>)>>;

    /// Stores new terms; `Conflict` if the client has terms of that name.
    async fn insert_terms(&self, terms: &Terms) -> Stored<()>;
    /// Writes their name, links and time; `Conflict` if the name is the client's other
    /// terms'.
    async fn update_terms(&self, terms: &Terms) -> Stored<()>;
    /// The pool's terms with this id.
    async fn terms(&self, pool: &PoolId, id: &str) -> Stored<Option<Terms>>;
    /// The client's terms (at most one of each name).
    async fn client_terms(&self, client: &ClientId) -> Stored<Vec<Terms>>;
    /// The pool's terms by id, after the id `after`, at most `limit`.
    async fn list_terms(
        &self,
        pool: &PoolId,
        after: Option<&str>,
        limit: u32,
    ) -> Stored<Vec<Terms>>;
    /// Deletes them; `false` if the pool had no such terms.
    async fn delete_terms(&self, pool: &PoolId, id: &str) -> Stored<bool>;
}
