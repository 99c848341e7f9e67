//! The signed resource-server operations: CreateResourceServer, DescribeResourceServer,
//! ListResourceServers, DeleteResourceServer.

use super::prelude::*;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ScopeType {
    scope_name: String,
    scope_description: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateRequest {
    user_pool_id: String,
    identifier: String,
    name: String,
    #[serde(default)]
    scopes: Vec<ScopeType>,
}

pub(super) async fn create(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: CreateRequest = parse(input)?;
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

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IdentifierRequest {
    user_pool_id: String,
    identifier: String,
}

pub(super) async fn describe(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: IdentifierRequest = parse(input)?;
    let server = pool
        .describe_resource_server(&request.user_pool_id, &request.identifier)
        .await?;
    Ok(json!({ "ResourceServer": resource_server_type(&server) }))
}

pub(super) async fn delete(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: IdentifierRequest = parse(input)?;
    pool.delete_resource_server(&request.user_pool_id, &request.identifier)
        .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListServersRequest {
    user_pool_id: String,
    max_results: Option<i64>,
    next_token: Option<String>,
}

pub(super) async fn list(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ListServersRequest = parse(input)?;
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
