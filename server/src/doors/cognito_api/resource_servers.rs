//! The signed operations on a pool's resource servers (the custom scopes of OAuth):
//! Create/Describe/Delete/ListResourceServers.

use super::prelude::*;
use super::wire::request;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ScopeType {
    scope_name: String,
    scope_description: String,
}

request!(CreateResourceServerRequest {
    user_pool_id: String,
    identifier: String,
    name: String,
    #[serde(default)] scopes: Vec<ScopeType>,
});

pub(super) async fn create_resource_server(
    pool: &UserPool,
    request: CreateResourceServerRequest,
) -> Answer {
    let scopes = request
        .scopes
        .into_iter()
        .map(|s| ResourceScope {
            name: s.scope_name,
            description: s.scope_description,
        })
        .collect();
    let server = pool
        .create_resource_server(
            &request.user_pool_id,
            &request.identifier,
            &request.name,
            scopes,
        )
        .await?;
    Ok(json!({ "ResourceServer": resource_server_type(&server) }))
}

request!(ResourceServerRequest {
    user_pool_id: String,
    identifier: String
});

pub(super) async fn describe_resource_server(
    pool: &UserPool,
    request: ResourceServerRequest,
) -> Answer {
    let server = pool
        .describe_resource_server(&request.user_pool_id, &request.identifier)
        .await?;
    Ok(json!({ "ResourceServer": resource_server_type(&server) }))
}

pub(super) async fn delete_resource_server(
    pool: &UserPool,
    request: ResourceServerRequest,
) -> Answer {
    pool.delete_resource_server(&request.user_pool_id, &request.identifier)
        .await?;
    Ok(json!({}))
}

request!(ListResourceServersRequest {
    user_pool_id: String,
    max_results: Option<i64>,
    next_token: Option<String>,
});

pub(super) async fn list_resource_servers(
    pool: &UserPool,
    request: ListResourceServersRequest,
) -> Answer {
    let servers = pool.list_resource_servers(&request.user_pool_id).await?;
    let list = ListRequest {
        max_results: request.max_results,
        next_token: request.next_token,
    };
    let (servers, next) = page(servers, &list, 50, |s| s.identifier.clone())?;
    let servers: Vec<Value> = servers.iter().map(resource_server_type).collect();
    Ok(json!({ "ResourceServers": servers, "NextToken": next }))
}

/// Cognito's `ResourceServerType`.
fn resource_server_type(server: &ResourceServer) -> Value {
    let scopes: Vec<Value> = server
        .scopes
        .iter()
        .map(|s| json!({ "ScopeName": s.name, "ScopeDescription": s.description }))
        .collect();
    json!({
        "UserPoolId": server.pool_id.as_str(),
        "Identifier": server.identifier,
        "Name": server.name,
        "Scopes": scopes,
    })
}
