//! How app clients' pages look, in Cognito's shapes: managed-login branding styles, the
//! classic UI customization, and terms documents.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::pools::enum_member;
use super::prelude::*;
use super::wire::request;
use crate::pool::{
    Asset, AssetCategory, AssetExtension, Branding, BrandingInput, ColorMode, MAX_TERMS_PAGE,
    Terms, TermsLanguage, TermsName, UiCustomization, digest_of, merged_settings,
};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AssetType {
    category: String,
    color_mode: String,
    extension: String,
    bytes: Option<String>,
    resource_id: Option<String>,
}

/// Reads the request's assets: each a known category, mode and type, with its bytes.
fn assets_from(given: Vec<AssetType>) -> Result<Vec<Asset>, ApiError> {
    given
        .into_iter()
        .enumerate()
        .map(|(at, asset)| {
            let member = |name: &str| format!("assets.{}.member.{name}", at + 1);
            let bytes = STANDARD
                .decode(asset.bytes.unwrap_or_default())
                .map_err(|_| ApiError::serialization("An asset's Bytes are not base64."))?;
            Ok(Asset {
                category: enum_member(
                    &asset.category,
                    &member("category"),
                    AssetCategory::NAMES,
                    AssetCategory::parse,
                )?,
                color_mode: enum_member(
                    &asset.color_mode,
                    &member("colorMode"),
                    ColorMode::NAMES,
                    ColorMode::parse,
                )?,
                extension: enum_member(
                    &asset.extension,
                    &member("extension"),
                    AssetExtension::NAMES,
                    AssetExtension::parse,
                )?,
                bytes,
                resource_id: asset.resource_id,
            })
        })
        .collect()
}

/// Cognito's `ManagedLoginBrandingType`; with `merged`, Cognate's defaults under the
/// style's settings.
fn branding_shape(branding: &Branding, assets: &[Asset], merged: bool) -> Value {
    let settings = if merged {
        merged_settings(branding)
    } else {
        branding.settings.clone()
    };
    let assets: Vec<Value> = assets
        .iter()
        .map(|asset| {
            let mut shape = json!({
                "Category": asset.category.as_str(),
                "ColorMode": asset.color_mode.as_str(),
                "Extension": asset.extension.as_str(),
                "Bytes": STANDARD.encode(&asset.bytes),
            });
            if let Some(id) = &asset.resource_id {
                shape["ResourceId"] = json!(id);
            }
            shape
        })
        .collect();
    json!({ "ManagedLoginBranding": {
        "ManagedLoginBrandingId": branding.id,
        "UserPoolId": branding.pool_id.as_str(),
        "UseCognitoProvidedValues": branding.use_cognito_provided_values,
        "Settings": settings,
        "Assets": assets,
        "CreationDate": branding.created_at.0,
        "LastModifiedDate": branding.updated_at.0,
    }})
}

fn input_from(
    use_cognito_provided_values: Option<bool>,
    settings: Option<Value>,
    assets: Option<Vec<AssetType>>,
) -> Result<BrandingInput, ApiError> {
    Ok(BrandingInput {
        use_cognito_provided_values: use_cognito_provided_values.unwrap_or(false),
        settings: settings.filter(|settings| !settings.is_null()),
        assets: assets.map(assets_from).transpose()?,
    })
}

request!(CreateBrandingRequest {
    user_pool_id: String,
    client_id: String,
    use_cognito_provided_values: Option<bool>,
    settings: Option<Value>,
    assets: Option<Vec<AssetType>>,
});

pub(super) async fn create_managed_login_branding(
    pool: &UserPool,
    request: CreateBrandingRequest,
) -> Answer {
    let input = input_from(
        request.use_cognito_provided_values,
        request.settings,
        request.assets,
    )?;
    let (branding, assets) = pool
        .create_branding(&request.user_pool_id, &request.client_id, input)
        .await?;
    Ok(branding_shape(&branding, &assets, false))
}

request!(UpdateBrandingRequest {
    user_pool_id: Option<String>,
    managed_login_branding_id: Option<String>,
    use_cognito_provided_values: Option<bool>,
    settings: Option<Value>,
    assets: Option<Vec<AssetType>>,
});

/// A member the model leaves optional that the operation cannot do without.
fn needed(value: Option<String>, member: &str) -> Result<String, ApiError> {
    value.ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy \
             constraint: Member must not be null"
        ))
    })
}

pub(super) async fn update_managed_login_branding(
    pool: &UserPool,
    request: UpdateBrandingRequest,
) -> Answer {
    let pool_id = needed(request.user_pool_id, "userPoolId")?;
    let id = needed(request.managed_login_branding_id, "managedLoginBrandingId")?;
    let input = input_from(
        request.use_cognito_provided_values,
        request.settings,
        request.assets,
    )?;
    let (branding, assets) = pool.update_branding(&pool_id, &id, input).await?;
    Ok(branding_shape(&branding, &assets, false))
}

request!(DescribeBrandingRequest {
    user_pool_id: String,
    managed_login_branding_id: String,
    return_merged_resources: Option<bool>,
});

pub(super) async fn describe_managed_login_branding(
    pool: &UserPool,
    request: DescribeBrandingRequest,
) -> Answer {
    let (branding, assets) = pool
        .describe_branding(&request.user_pool_id, &request.managed_login_branding_id)
        .await?;
    let merged = request.return_merged_resources.unwrap_or(false);
    Ok(branding_shape(&branding, &assets, merged))
}

request!(DescribeBrandingByClientRequest {
    user_pool_id: String,
    client_id: String,
    return_merged_resources: Option<bool>,
});

pub(super) async fn describe_managed_login_branding_by_client(
    pool: &UserPool,
    request: DescribeBrandingByClientRequest,
) -> Answer {
    let (branding, assets) = pool
        .describe_client_branding(&request.user_pool_id, &request.client_id)
        .await?;
    let merged = request.return_merged_resources.unwrap_or(false);
    Ok(branding_shape(&branding, &assets, merged))
}

request!(DeleteBrandingRequest {
    user_pool_id: String,
    managed_login_branding_id: String,
});

pub(super) async fn delete_managed_login_branding(
    pool: &UserPool,
    request: DeleteBrandingRequest,
) -> Answer {
    pool.delete_branding(&request.user_pool_id, &request.managed_login_branding_id)
        .await?;
    Ok(json!({}))
}

/// Where a UI customization's logo is served.
pub fn ui_logo_path(customization: &UiCustomization) -> Option<String> {
    let (extension, digest) = customization.image.as_ref()?;
    let client = customization
        .client_id
        .as_ref()
        .map_or("ALL", ClientId::as_str);
    Some(format!(
        "/branding/ui/{}/{client}/logo.{}?v={digest}",
        customization.pool_id.as_str(),
        extension.as_str().to_ascii_lowercase()
    ))
}

/// Cognito's `UICustomizationType`; for a pool or client with none, only its ids.
fn ui_shape(
    pool: &UserPool,
    pool_id: &str,
    client_id: Option<&str>,
    found: Option<&UiCustomization>,
) -> Value {
    let mut shape = json!({ "UserPoolId": pool_id, "ClientId": client_id.unwrap_or("ALL") });
    if let Some(customization) = found {
        if let Some(css) = &customization.css {
            shape["CSS"] = json!(css);
            shape["CSSVersion"] = json!(digest_of(css.as_bytes()));
        }
        if let Some(path) = ui_logo_path(customization) {
            shape["ImageUrl"] = json!(format!("{}{path}", pool.public_url()));
        }
        shape["CreationDate"] = json!(customization.created_at.0);
        shape["LastModifiedDate"] = json!(customization.updated_at.0);
    }
    json!({ "UICustomization": shape })
}

request!(SetUiRequest {
    user_pool_id: String,
    client_id: Option<String>,
    #[serde(rename = "CSS")]
    css: Option<String>,
    image_file: Option<String>,
});

pub(super) async fn set_ui_customization(pool: &UserPool, request: SetUiRequest) -> Answer {
    let image = request
        .image_file
        .map(|file| STANDARD.decode(file))
        .transpose()
        .map_err(|_| ApiError::serialization("ImageFile is not base64."))?;
    let customization = pool
        .set_ui_customization(
            &request.user_pool_id,
            request.client_id.as_deref(),
            request.css,
            image,
        )
        .await?;
    Ok(ui_shape(
        pool,
        &request.user_pool_id,
        request.client_id.as_deref(),
        Some(&customization),
    ))
}

request!(GetUiRequest {
    user_pool_id: String,
    client_id: Option<String>,
});

pub(super) async fn get_ui_customization(pool: &UserPool, request: GetUiRequest) -> Answer {
    let found = pool
        .ui_customization(&request.user_pool_id, request.client_id.as_deref())
        .await?;
    Ok(ui_shape(
        pool,
        &request.user_pool_id,
        request.client_id.as_deref(),
        found.as_ref(),
    ))
}

fn terms_name(value: &str) -> Result<TermsName, ApiError> {
    enum_member(value, "termsName", TermsName::NAMES, TermsName::parse)
}

/// `TermsSource` and `Enforcement` take one value each in Cognito's model.
fn only_value(value: Option<&str>, member: &str, only: &str) -> Result<(), ApiError> {
    match value {
        None => Ok(()),
        Some(value) => enum_member(value, member, &format!("[{only}]"), |v| {
            (v == only).then_some(())
        }),
    }
}

fn links_from(
    given: BTreeMap<String, String>,
) -> Result<BTreeMap<TermsLanguage, String>, ApiError> {
    given
        .into_iter()
        .map(|(language, link)| {
            let parsed = TermsLanguage::parse(&language).ok_or_else(|| {
                ApiError::invalid_parameter(format!(
                    "1 validation error detected: Value '{language}' at 'links' failed to \
                     satisfy constraint: Map keys must satisfy constraint: [Member must satisfy \
                     regular expression pattern: ^cognito:(default|dutch|english|french|spanish|\
                     german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|\
                     chinese-(simplified|traditional))$]"
                ))
            })?;
            Ok((parsed, link))
        })
        .collect()
}

/// Cognito's `TermsType`.
fn terms_shape(terms: &Terms) -> Value {
    let links: BTreeMap<&str, &str> = terms
        .links
        .iter()
        .map(|(language, link)| (language.as_str(), link.as_str()))
        .collect();
    json!({
        "TermsId": terms.id,
        "UserPoolId": terms.pool_id.as_str(),
        "ClientId": terms.client_id.as_str(),
        "TermsName": terms.name.as_str(),
        "TermsSource": "LINK",
        "Enforcement": "NONE",
        "Links": links,
        "CreationDate": terms.created_at.0,
        "LastModifiedDate": terms.updated_at.0,
    })
}

request!(CreateTermsRequest {
    user_pool_id: String,
    client_id: String,
    terms_name: String,
    terms_source: String,
    enforcement: String,
    links: Option<BTreeMap<String, String>>,
});

pub(super) async fn create_terms(pool: &UserPool, request: CreateTermsRequest) -> Answer {
    only_value(Some(&request.terms_source), "termsSource", "LINK")?;
    only_value(Some(&request.enforcement), "enforcement", "NONE")?;
    let terms = pool
        .create_terms(
            &request.user_pool_id,
            &request.client_id,
            terms_name(&request.terms_name)?,
            links_from(request.links.unwrap_or_default())?,
        )
        .await?;
    Ok(json!({ "Terms": terms_shape(&terms) }))
}

request!(UpdateTermsRequest {
    terms_id: String,
    user_pool_id: String,
    terms_name: Option<String>,
    terms_source: Option<String>,
    enforcement: Option<String>,
    links: Option<BTreeMap<String, String>>,
});

pub(super) async fn update_terms(pool: &UserPool, request: UpdateTermsRequest) -> Answer {
    only_value(request.terms_source.as_deref(), "termsSource", "LINK")?;
    only_value(request.enforcement.as_deref(), "enforcement", "NONE")?;
    let name = request.terms_name.as_deref().map(terms_name).transpose()?;
    let links = request.links.map(links_from).transpose()?;
    let terms = pool
        .update_terms(&request.user_pool_id, &request.terms_id, name, links)
        .await?;
    Ok(json!({ "Terms": terms_shape(&terms) }))
}

request!(DescribeTermsRequest {
    terms_id: String,
    user_pool_id: String,
});

pub(super) async fn describe_terms(pool: &UserPool, request: DescribeTermsRequest) -> Answer {
    let terms = pool
        .describe_terms(&request.user_pool_id, &request.terms_id)
        .await?;
    Ok(json!({ "Terms": terms_shape(&terms) }))
}

request!(DescribeTermsByClientRequest {
    client_id: String,
    user_pool_id: String,
    terms_name: String,
});

pub(super) async fn describe_terms_by_client(
    pool: &UserPool,
    request: DescribeTermsByClientRequest,
) -> Answer {
    let name = terms_name(&request.terms_name)?;
    let terms = pool
        .client_terms(&request.user_pool_id, &request.client_id, name)
        .await?;
    Ok(json!({ "Terms": terms_shape(&terms) }))
}

request!(ListTermsRequest {
    user_pool_id: String,
    max_results: Option<i64>,
    next_token: Option<String>,
});

pub(super) async fn list_terms(pool: &UserPool, request: ListTermsRequest) -> Answer {
    let limit = request.max_results.unwrap_or(i64::from(MAX_TERMS_PAGE));
    if !(1..=i64::from(MAX_TERMS_PAGE)).contains(&limit) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'maxResults' failed to satisfy \
             constraint: Member must have value between 1 and {MAX_TERMS_PAGE}"
        )));
    }
    let limit = u32::try_from(limit).unwrap_or(MAX_TERMS_PAGE);
    // The token is the last id listed: ids are UUIDs, so anything else is not a token.
    let after = match &request.next_token {
        Some(token) if uuid::Uuid::parse_str(token).is_ok() => Some(token.as_str()),
        Some(_) => return Err(ApiError::invalid_parameter("The NextToken is not valid.")),
        None => None,
    };
    let mut found = pool
        .list_terms(&request.user_pool_id, after, limit + 1)
        .await?;
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let listed: Vec<Value> = found
        .iter()
        .map(|terms| {
            json!({
                "TermsId": terms.id,
                "TermsName": terms.name.as_str(),
                "Enforcement": "NONE",
                "CreationDate": terms.created_at.0,
                "LastModifiedDate": terms.updated_at.0,
            })
        })
        .collect();
    let mut answer = json!({ "Terms": listed });
    if more && let Some(last) = found.last() {
        answer["NextToken"] = json!(last.id);
    }
    Ok(answer)
}

request!(DeleteTermsRequest {
    terms_id: String,
    user_pool_id: String,
});

pub(super) async fn delete_terms(pool: &UserPool, request: DeleteTermsRequest) -> Answer {
    pool.delete_terms(&request.user_pool_id, &request.terms_id)
        .await?;
    Ok(json!({}))
}
