//! How app clients' pages look: branding styles (a page reads the style's row; the assets'
//! bytes are read only to serve one or to describe the style), UI customizations and
//! terms documents.

use std::collections::BTreeMap;

use super::rows::{from_json, stored_id};
use super::*;
use crate::pool::store::LookStore;
use crate::pool::{
    Asset, AssetCategory, AssetExtension, Branding, ColorMode, Terms, TermsLanguage, TermsName,
    UiCustomization,
};

const BRANDING: &str = "SELECT id, pool_id, client_id, cognito_values, settings, assets, \
     created_at, updated_at FROM brandings";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} is unreadable"))
}

fn branding_from_row(row: &DbRow) -> Stored<Branding> {
    let text = |column: &str| -> Stored<String> { row.try_get(column).map_err(backend) };
    let pool_id = text("pool_id")?;
    let client_id = text("client_id")?;
    Ok(Branding {
        id: text("id")?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        client_id: stored_id(ClientId::parse(&client_id), "client id", &client_id)?,
        use_cognito_provided_values: row.try_get("cognito_values").map_err(backend)?,
        settings: from_json(&text("settings")?)?,
        assets: from_json(&text("assets")?)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

fn asset_from_row(row: &DbRow) -> Stored<Asset> {
    let text = |column: &str| -> Stored<String> { row.try_get(column).map_err(backend) };
    Ok(Asset {
        category: AssetCategory::parse(&text("category")?).ok_or_else(|| corrupt("category"))?,
        color_mode: ColorMode::parse(&text("color_mode")?).ok_or_else(|| corrupt("mode"))?,
        extension: AssetExtension::parse(&text("extension")?)
            .ok_or_else(|| corrupt("extension"))?,
        bytes: row.try_get("bytes").map_err(backend)?,
        resource_id: row.try_get("resource_id").map_err(backend)?,
    })
}

fn ui_from_row(row: &DbRow) -> Stored<UiCustomization> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let client_id: String = row.try_get("client_id").map_err(backend)?;
    let extension: Option<String> = row.try_get("image_extension").map_err(backend)?;
    let digest: Option<String> = row.try_get("image_digest").map_err(backend)?;
    let image = match (extension, digest) {
        (Some(extension), Some(digest)) => Some((
            AssetExtension::parse(&extension).ok_or_else(|| corrupt("logo type"))?,
            digest,
        )),
        _ => None,
    };
    Ok(UiCustomization {
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        client_id: match client_id.as_str() {
            "" => None,
            id => Some(stored_id(ClientId::parse(id), "client id", id)?),
        },
        css: row.try_get("css").map_err(backend)?,
        image,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

fn terms_from_row(row: &DbRow) -> Stored<Terms> {
    let text = |column: &str| -> Stored<String> { row.try_get(column).map_err(backend) };
    let pool_id = text("pool_id")?;
    let client_id = text("client_id")?;
    let links: BTreeMap<String, String> = from_json(&text("links")?)?;
    let links = links
        .into_iter()
        .map(|(language, link)| {
            TermsLanguage::parse(&language)
                .map(|language| (language, link))
                .ok_or_else(|| corrupt("terms language"))
        })
        .collect::<Stored<_>>()?;
    Ok(Terms {
        id: text("id")?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        client_id: stored_id(ClientId::parse(&client_id), "client id", &client_id)?,
        name: TermsName::parse(&text("name")?).ok_or_else(|| corrupt("terms name"))?,
        links,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

fn links_json(terms: &Terms) -> Stored<String> {
    let links: BTreeMap<&str, &str> = terms
        .links
        .iter()
        .map(|(language, link)| (language.as_str(), link.as_str()))
        .collect();
    to_json(&links)
}

async fn insert_assets<'c>(
    tx: &mut Transaction<'c, Db>,
    branding: &Branding,
    assets: &[Asset],
) -> Stored<()> {
    for asset in assets {
        sqlx::query(
            "INSERT INTO branding_assets
                 (branding_id, category, color_mode, extension, resource_id, bytes)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&branding.id)
        .bind(asset.category.as_str())
        .bind(asset.color_mode.as_str())
        .bind(asset.extension.as_str())
        .bind(&asset.resource_id)
        .bind(&asset.bytes)
        .done(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl LookStore for SqlStore {
    async fn insert_branding(&self, branding: &Branding, assets: &[Asset]) -> Stored<()> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO brandings (id, pool_id, client_id, cognito_values, settings, assets,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&branding.id)
        .bind(branding.pool_id.as_str())
        .bind(branding.client_id.as_str())
        .bind(branding.use_cognito_provided_values)
        .bind(to_json(&branding.settings)?)
        .bind(to_json(&branding.assets)?)
        .bind(branding.created_at.0)
        .bind(branding.updated_at.0)
        .done(&mut *tx)
        .await?;
        insert_assets(&mut tx, branding, assets).await?;
        tx.commit().await.map_err(backend)
    }

    async fn update_branding(&self, branding: &Branding, assets: &[Asset]) -> Stored<()> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        sqlx::query(
            "UPDATE brandings SET cognito_values = $1, settings = $2, assets = $3,
                 updated_at = $4
             WHERE id = $5 AND pool_id = $6",
        )
        .bind(branding.use_cognito_provided_values)
        .bind(to_json(&branding.settings)?)
        .bind(to_json(&branding.assets)?)
        .bind(branding.updated_at.0)
        .bind(&branding.id)
        .bind(branding.pool_id.as_str())
        .updated(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM branding_assets WHERE branding_id = $1")
            .bind(&branding.id)
            .done(&mut *tx)
            .await?;
        insert_assets(&mut tx, branding, assets).await?;
        tx.commit().await.map_err(backend)
    }

    async fn branding(&self, pool: &PoolId, id: &str) -> Stored<Option<Branding>> {
        sqlx::query(&format!("{BRANDING} WHERE id = $1 AND pool_id = $2"))
            .bind(id)
            .bind(pool.as_str())
            .one(&self.db, branding_from_row)
            .await
    }

    async fn client_branding(&self, client: &ClientId) -> Stored<Option<Branding>> {
        sqlx::query(&format!("{BRANDING} WHERE client_id = $1"))
            .bind(client.as_str())
            .one(&self.db, branding_from_row)
            .await
    }

    async fn branding_assets(&self, id: &str) -> Stored<Vec<Asset>> {
        sqlx::query(
            "SELECT category, color_mode, extension, resource_id, bytes FROM branding_assets
             WHERE branding_id = $1 ORDER BY category, color_mode",
        )
        .bind(id)
        .all(&self.db, asset_from_row)
        .await
    }

    async fn branding_asset(
        &self,
        id: &str,
        category: AssetCategory,
        mode: ColorMode,
    ) -> Stored<Option<Asset>> {
        sqlx::query(
            "SELECT category, color_mode, extension, resource_id, bytes FROM branding_assets
             WHERE branding_id = $1 AND category = $2 AND color_mode = $3",
        )
        .bind(id)
        .bind(category.as_str())
        .bind(mode.as_str())
        .one(&self.db, asset_from_row)
        .await
    }

    async fn delete_branding(&self, pool: &PoolId, id: &str) -> Stored<bool> {
        let deleted = sqlx::query("DELETE FROM brandings WHERE id = $1 AND pool_id = $2")
            .bind(id)
            .bind(pool.as_str())
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }

    async fn put_ui_customization(
        &self,
        customization: &UiCustomization,
        image: Option<&[u8]>,
    ) -> Stored<()> {
        let (extension, digest) = match &customization.image {
            Some((extension, digest)) => (Some(extension.as_str()), Some(digest.as_str())),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO ui_customizations (pool_id, client_id, css, image_extension,
                 image_digest, image, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (pool_id, client_id) DO UPDATE SET css = excluded.css,
                 image_extension = excluded.image_extension,
                 image_digest = excluded.image_digest, image = excluded.image,
                 updated_at = excluded.updated_at",
        )
        .bind(customization.pool_id.as_str())
        .bind(
            customization
                .client_id
                .as_ref()
                .map_or("", ClientId::as_str),
        )
        .bind(&customization.css)
        .bind(extension)
        .bind(digest)
        .bind(image)
        .bind(customization.created_at.0)
        .bind(customization.updated_at.0)
        .done(&self.db)
        .await
    }

    async fn ui_customization(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Stored<Option<UiCustomization>> {
        sqlx::query(
            "SELECT pool_id, client_id, css, image_extension, image_digest, created_at,
                 updated_at
             FROM ui_customizations WHERE pool_id = $1 AND client_id = $2",
        )
        .bind(pool.as_str())
        .bind(client.map_or("", ClientId::as_str))
        .one(&self.db, ui_from_row)
        .await
    }

    async fn ui_image(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Stored<Option<(AssetExtension, Vec<u8>)>> {
        let found = sqlx::query(
            "SELECT image_extension, image FROM ui_customizations
             WHERE pool_id = $1 AND client_id = $2 AND image IS NOT NULL",
        )
        .bind(pool.as_str())
        .bind(client.map_or("", ClientId::as_str))
        .one(&self.db, |row| {
            let extension: String = row.try_get("image_extension").map_err(backend)?;
            let bytes: Vec<u8> = row.try_get("image").map_err(backend)?;
            Ok((
                AssetExtension::parse(&extension).ok_or_else(|| corrupt("logo type"))?,
                bytes,
            ))
        })
        .await?;
        Ok(found)
    }

    async fn insert_terms(&self, terms: &Terms) -> Stored<()> {
        sqlx::query(
            "INSERT INTO terms (id, pool_id, client_id, name, links, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&terms.id)
        .bind(terms.pool_id.as_str())
        .bind(terms.client_id.as_str())
        .bind(terms.name.as_str())
        .bind(links_json(terms)?)
        .bind(terms.created_at.0)
        .bind(terms.updated_at.0)
        .done(&self.db)
        .await
    }

    async fn update_terms(&self, terms: &Terms) -> Stored<()> {
        sqlx::query(
            "UPDATE terms SET name = $1, links = $2, updated_at = $3
             WHERE id = $4 AND pool_id = $5",
        )
        .bind(terms.name.as_str())
        .bind(links_json(terms)?)
        .bind(terms.updated_at.0)
        .bind(&terms.id)
        .bind(terms.pool_id.as_str())
        .updated(&self.db)
        .await
    }

    async fn terms(&self, pool: &PoolId, id: &str) -> Stored<Option<Terms>> {
        sqlx::query("SELECT * FROM terms WHERE id = $1 AND pool_id = $2")
            .bind(id)
            .bind(pool.as_str())
            .one(&self.db, terms_from_row)
            .await
    }

    async fn client_terms(&self, client: &ClientId) -> Stored<Vec<Terms>> {
        sqlx::query("SELECT * FROM terms WHERE client_id = $1 ORDER BY name")
            .bind(client.as_str())
            .all(&self.db, terms_from_row)
            .await
    }

    async fn list_terms(
        &self,
        pool: &PoolId,
        after: Option<&str>,
        limit: u32,
    ) -> Stored<Vec<Terms>> {
        sqlx::query("SELECT * FROM terms WHERE pool_id = $1 AND id > $2 ORDER BY id LIMIT $3")
            .bind(pool.as_str())
            .bind(after.unwrap_or(""))
            .bind(i64::from(limit))
            .all(&self.db, terms_from_row)
            .await
    }

    async fn delete_terms(&self, pool: &PoolId, id: &str) -> Stored<bool> {
        let deleted = sqlx::query("DELETE FROM terms WHERE id = $1 AND pool_id = $2")
            .bind(id)
            .bind(pool.as_str())
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }
}
