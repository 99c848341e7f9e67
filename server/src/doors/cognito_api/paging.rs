//! Paging, in one place for every list operation: a page is the items after the last key
//! shown, and that key travels in an opaque token, so items added or deleted between
//! pages make nothing skipped or repeated.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use super::ApiError;
use crate::clock::Timestamp;

const TAG: &str = "u1:";

/// The token for a page that ends at `key`.
pub(super) fn encode(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{TAG}{key}"))
}

/// The key a token carries; `None` for a token Cognate did not make.
pub(super) fn decode(token: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix(TAG)
        .map(str::to_string)
}

/// Cognito's `MaxResults` / `NextToken` pair.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ListRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

/// The page of `items` a `MaxResults` / `NextToken` pair asks for, in the order of their
/// unique `key`, and the next token.
pub(super) fn page<T>(
    mut items: Vec<T>,
    request: &ListRequest,
    limit: i64,
    key: impl Fn(&T) -> String,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let size = request.max_results.unwrap_or(limit);
    if !(1..=limit).contains(&size) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{size}' at 'maxResults' failed to satisfy \
             constraint: Member must have value between 1 and {limit}"
        )));
    }
    let after = match &request.next_token {
        Some(token) => Some(
            decode(token)
                .ok_or_else(|| ApiError::invalid_parameter("The NextToken is not valid."))?,
        ),
        None => None,
    };
    let size = usize::try_from(size).unwrap_or(1);
    items.sort_by_cached_key(&key);
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|item| after.as_ref().is_none_or(|after| key(item) > *after))
        .collect();
    let more = rest.len() > size;
    rest.truncate(size);
    let next = more
        .then(|| rest.last().map(|item| encode(&key(item))))
        .flatten();
    Ok((rest, next))
}

/// The order pools and clients are listed in: oldest first, then by id.
pub(super) fn by_age(created_at: Timestamp, id: &str) -> String {
    format!("{:020}/{id}", created_at.0)
}
