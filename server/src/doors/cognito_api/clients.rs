//! The signed operations on a pool's app clients: Create/Describe/Update/Delete/
//! ListUserPoolClients, with Cognito's token-validity units.

use super::prelude::*;
use super::wire::request;

pub(super) async fn delete_user_pool_client(
    pool: &UserPool,
    default: &ClientId,
    request: ClientIdRequest,
) -> Answer {
    pool.delete_client(&request.user_pool_id, &request.client_id, default)
        .await?;
    Ok(json!({}))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct TokenValidityUnits {
    access_token: Option<String>,
    id_token: Option<String>,
    refresh_token: Option<String>,
}

// The settings CreateUserPoolClient and UpdateUserPoolClient share.
request!(ClientFields {
    access_token_validity: Option<i64>,
    id_token_validity: Option<i64>,
    refresh_token_validity: Option<i64>,
    #[serde(default)] token_validity_units: TokenValidityUnits,
    #[serde(rename = "CallbackURLs", default)] callback_urls: Vec<String>,
    #[serde(rename = "LogoutURLs", default)] logout_urls: Vec<String>,
    prevent_user_existence_errors: Option<String>,
    explicit_auth_flows: Option<Vec<String>>,
    #[serde(default)] allowed_o_auth_flows_user_pool_client: bool,
    #[serde(default)] allowed_o_auth_flows: Vec<String>,
    #[serde(default)] allowed_o_auth_scopes: Vec<String>,
    #[serde(default)] supported_identity_providers: Vec<String>,
    #[serde(default)] read_attributes: Vec<String>,
    #[serde(default)] write_attributes: Vec<String>,
    #[serde(default)] enable_propagate_additional_user_context_data: bool,
});

request!(CreateUserPoolClientRequest {
    user_pool_id: String,
    client_name: String,
    #[serde(default)]
    generate_secret: bool,
    #[serde(flatten)]
    fields: ClientFields,
});

request!(UpdateUserPoolClientRequest {
    user_pool_id: String,
    client_id: String,
    client_name: Option<String>,
    #[serde(flatten)] fields: ClientFields,
});

/// Seconds in a Cognito `TimeUnitsType`.
pub(super) fn unit_seconds(unit: &str) -> Result<i64, ApiError> {
    Ok(match unit {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        "days" => 86_400,
        other => {
            return Err(ApiError::invalid_parameter(format!(
                "'{other}' is not a time unit: seconds, minutes, hours or days."
            )));
        }
    })
}

/// A client's settings from the request; as Cognito, what is not given takes its default.
pub(super) fn client_settings(fields: ClientFields) -> Result<ClientSettings, ApiError> {
    let mut settings = ClientSettings::default();
    let units = &fields.token_validity_units;
    if let Some(value) = fields.access_token_validity {
        settings.access_token_validity =
            value * unit_seconds(units.access_token.as_deref().unwrap_or("hours"))?;
    }
    if let Some(value) = fields.id_token_validity {
        settings.id_token_validity =
            value * unit_seconds(units.id_token.as_deref().unwrap_or("hours"))?;
    }
    if let Some(value) = fields.refresh_token_validity {
        settings.refresh_token_validity =
            value * unit_seconds(units.refresh_token.as_deref().unwrap_or("days"))?;
    }
    settings.callback_urls = fields.callback_urls;
    settings.logout_urls = fields.logout_urls;
    // OAuth is off unless asked for, as in Cognito's API.
    settings.oauth_enabled = fields.allowed_o_auth_flows_user_pool_client;
    settings.allowed_oauth_flows = fields.allowed_o_auth_flows;
    settings.allowed_oauth_scopes = fields.allowed_o_auth_scopes;
    settings.identity_providers = fields.supported_identity_providers;
    settings.read_attributes = fields.read_attributes;
    settings.write_attributes = fields.write_attributes;
    settings.propagate_user_context = fields.enable_propagate_additional_user_context_data;
    settings.prevent_user_existence_errors = match fields.prevent_user_existence_errors.as_deref() {
        None | Some("ENABLED") => true,
        Some("LEGACY") => false,
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!(
                "PreventUserExistenceErrors must be ENABLED or LEGACY, not '{other}'."
            )));
        }
    };
    settings.explicit_auth_flows = match fields.explicit_auth_flows {
        None => COGNITO_DEFAULT_FLOWS
            .iter()
            .map(|f| f.to_string())
            .collect(),
        Some(flows) => {
            check_auth_flows(&flows)?;
            flows
        }
    };
    Ok(settings)
}

pub(super) async fn create_user_pool_client(
    pool: &UserPool,
    request: CreateUserPoolClientRequest,
) -> Answer {
    let settings = client_settings(request.fields)?;
    let client = pool
        .create_client(
            &request.user_pool_id,
            &request.client_name,
            request.generate_secret,
            settings,
        )
        .await?;
    Ok(json!({ "UserPoolClient": user_pool_client_type(&client) }))
}

request!(ClientIdRequest {
    user_pool_id: String,
    client_id: String
});

pub(super) async fn update_user_pool_client(
    pool: &UserPool,
    request: UpdateUserPoolClientRequest,
) -> Answer {
    let settings = client_settings(request.fields)?;
    let client = pool
        .update_client(
            &request.user_pool_id,
            &request.client_id,
            request.client_name.as_deref(),
            settings,
        )
        .await?;
    Ok(json!({ "UserPoolClient": user_pool_client_type(&client) }))
}

pub(super) async fn describe_user_pool_client(pool: &UserPool, request: ClientIdRequest) -> Answer {
    let client = pool
        .describe_client(&request.user_pool_id, &request.client_id)
        .await?;
    Ok(json!({ "UserPoolClient": user_pool_client_type(&client) }))
}

request!(ListClientsRequest {
    user_pool_id: String,
    max_results: Option<i64>,
    next_token: Option<String>,
});

pub(super) async fn list_user_pool_clients(pool: &UserPool, request: ListClientsRequest) -> Answer {
    let clients = pool.list_clients(&request.user_pool_id).await?;
    let list = ListRequest {
        max_results: request.max_results,
        next_token: request.next_token,
    };
    let (clients, next) = page(clients, &list, 60, |c| by_age(c.created_at, c.id.as_str()))?;
    let clients: Vec<Value> = clients
        .iter()
        .map(|c| {
            json!({
                "ClientId": c.id.as_str(),
                "UserPoolId": c.pool_id.as_str(),
                "ClientName": c.name,
            })
        })
        .collect();
    Ok(json!({ "UserPoolClients": clients, "NextToken": next }))
}

/// A validity in the largest of `units` that divides it, else in seconds.
pub(super) fn in_units(seconds: i64, unit: &'static str) -> (i64, &'static str) {
    let size = unit_seconds(unit).unwrap_or(1);
    if seconds % size == 0 {
        (seconds / size, unit)
    } else {
        (seconds, "seconds")
    }
}

/// Cognito's `UserPoolClientType`.
pub(super) fn user_pool_client_type(client: &AppClient) -> Value {
    let settings = &client.settings;
    let (access, access_unit) = in_units(settings.access_token_validity, "hours");
    let (id, id_unit) = in_units(settings.id_token_validity, "hours");
    let (refresh, refresh_unit) = in_units(settings.refresh_token_validity, "days");
    let mut value = json!({
        "UserPoolId": client.pool_id.as_str(),
        "ClientName": client.name,
        "ClientId": client.id.as_str(),
        "CreationDate": client.created_at.0,
        "LastModifiedDate": client.updated_at.0,
        "AccessTokenValidity": access,
        "IdTokenValidity": id,
        "RefreshTokenValidity": refresh,
        "TokenValidityUnits": {
            "AccessToken": access_unit,
            "IdToken": id_unit,
            "RefreshToken": refresh_unit,
        },
        "CallbackURLs": settings.callback_urls,
        "LogoutURLs": settings.logout_urls,
        "PreventUserExistenceErrors":
            if settings.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" },
        "EnableTokenRevocation": true,
        "ExplicitAuthFlows": settings.explicit_auth_flows,
        "AllowedOAuthFlowsUserPoolClient": settings.oauth_enabled,
        "AllowedOAuthFlows": settings.allowed_oauth_flows,
        "AllowedOAuthScopes": settings.allowed_oauth_scopes,
        "SupportedIdentityProviders": settings.identity_providers,
        "EnablePropagateAdditionalUserContextData": settings.propagate_user_context,
    });
    if !settings.read_attributes.is_empty() {
        value["ReadAttributes"] = json!(settings.read_attributes);
    }
    if !settings.write_attributes.is_empty() {
        value["WriteAttributes"] = json!(settings.write_attributes);
    }
    if let Some(secret) = &client.secret {
        value["ClientSecret"] = Value::String(secret.expose().to_string());
    }
    value
}
