//! Every statement that finds rows by a key, with arguments of its types, and how the
//! database would run it (`EXPLAIN`), so that a test can refuse a plan that reads a pool's
//! users, or a table that grows with them, from end to end (tests/api/query_plans.rs).

use super::common::UPDATE_USER;
use super::identity_pools::{DELETE_IDENTITY, GET_IDENTITY, IDENTITY_FOR_LOGIN, LIST_IDENTITIES};
use super::mfa::{GET_MFA, USE_TOTP_STEP};
use super::oauth::{
    GET_OAUTH_REQUEST, OAUTH_CODE_FAMILY, REDEEM_OAUTH_CODE, SET_CODE_FAMILY, TAKE_OAUTH_REQUEST,
};
use super::pools::RISK_CONFIGURATION;
use super::providers::{
    IDENTITIES_OF, LINKED_USER, PURGE_FEDERATIONS, SAML_KEY, TAKE_FEDERATION, UNLINK_IDENTITY,
    UNLINK_PROVIDER,
};
use super::sign_ins::{
    DELETE_SESSION, FAMILY_BY_REFRESH, GET_FAMILY, GET_SESSION, PURGE, REVOKE_FAMILY,
    REVOKE_USER_FAMILIES, TAKE_AUTH_SESSION,
};
use super::threats::{
    DELETE_DEVICE, GET_AUTH_EVENT, GET_DEVICE, LIST_AUTH_EVENTS, LIST_AUTH_EVENTS_AFTER,
    LIST_DEVICES, PURGE_AUTH_EVENTS, PURGE_DEVICES, USERS_FROM_ADDRESS,
};
use super::throttles::{COUNTER, RESET_COUNTER};
use super::users::{
    Arg, DELETE_USER, FIND_USER, GET_CODE, GET_USER, GROUPS_OF, MEMBERS_OF, PASSWORD_HISTORY,
    REMOVE_MEMBER, TAKE_CODE_TRY, USE_CODE, bind_args, list_users_statement,
};
use super::*;
use crate::adapters::store::QueryPlan;
use crate::pool::filter::SEARCHABLE_ATTRIBUTES;

/// The rows a deletion reaches through foreign keys (a user's, a token family's): the
/// database finds them by these columns.
const CASCADES: &[(&str, &str)] = &[
    ("codes", "user_sub"),
    ("token_families", "user_sub"),
    ("sessions", "family_id"),
    ("auth_sessions", "user_sub"),
    ("oauth_codes", "user_sub"),
    ("user_mfa", "user_sub"),
    ("group_members", "user_sub"),
    ("user_identities", "user_sub"),
    ("auth_events", "user_sub"),
    ("devices", "user_sub"),
    ("password_history", "user_sub"),
];

/// A statement to explain: its name, SQL and arguments, and whether reading the pool's
/// users in key order is what it is for (ListUsers without a filter).
struct Keyed {
    name: String,
    sql: String,
    args: Vec<Arg>,
    pages_the_pool: bool,
}

fn keyed(name: impl Into<String>, sql: &str, args: Vec<Arg>) -> Keyed {
    Keyed {
        name: name.into(),
        sql: sql.to_string(),
        args,
        pages_the_pool: false,
    }
}

fn text(value: &str) -> Arg {
    Arg::Text(value.to_string())
}

/// The statements, with `pool` as the user pool and `now` as the time their arguments
/// name; every other key is a stand-in (a plan does not depend on it).
fn statements(pool: &PoolId, now: Timestamp) -> Vec<Keyed> {
    let pool = || text(pool.as_str());
    let sub = || text("00000000-0000-4000-8000-000000000000");
    let now_arg = || Arg::Int(now.0);
    let mut all = vec![
        keyed(
            "find a user by name or alias",
            FIND_USER,
            vec![pool(), text("someone")],
        ),
        keyed("read a user", GET_USER, vec![sub()]),
        keyed(
            "write a user",
            UPDATE_USER,
            vec![
                text("someone"),
                text("someone"),
                text("someone@example.com"),
                text("$argon2id$"),
                text("verifier"),
                text("CONFIRMED"),
                Arg::Bool(true),
                text("{}"),
                now_arg(),
                sub(),
                text("+15555550100"),
            ],
        ),
        keyed("delete a user", DELETE_USER, vec![sub()]),
        keyed("a user's groups", GROUPS_OF, vec![sub()]),
        keyed(
            "a group's members",
            MEMBERS_OF,
            vec![pool(), text("admins")],
        ),
        keyed(
            "leave a group",
            REMOVE_MEMBER,
            vec![pool(), text("admins"), sub()],
        ),
        keyed("read a code", GET_CODE, vec![sub(), text("sign_up")]),
        keyed(
            "try a code",
            TAKE_CODE_TRY,
            vec![sub(), text("sign_up"), now_arg()],
        ),
        keyed(
            "use a code",
            USE_CODE,
            vec![sub(), text("sign_up"), text("hash")],
        ),
        keyed("read a token family", GET_FAMILY, vec![text("family")]),
        keyed(
            "find a refresh token",
            FAMILY_BY_REFRESH,
            vec![text("hash")],
        ),
        keyed(
            "revoke a family",
            REVOKE_FAMILY,
            vec![now_arg(), text("family")],
        ),
        keyed(
            "sign a user out everywhere",
            REVOKE_USER_FAMILIES,
            vec![now_arg(), sub()],
        ),
        keyed("read a session", GET_SESSION, vec![text("hash")]),
        keyed("end a session", DELETE_SESSION, vec![text("hash")]),
        keyed("answer a challenge", TAKE_AUTH_SESSION, vec![text("hash")]),
        keyed("read a user's MFA", GET_MFA, vec![sub()]),
        keyed(
            "use a TOTP step",
            USE_TOTP_STEP,
            vec![Arg::Int(9), sub(), Arg::Int(9)],
        ),
        keyed("read a counter", COUNTER, vec![text("key")]),
        keyed("reset a counter", RESET_COUNTER, vec![text("key")]),
        keyed(
            "find a linked user",
            LINKED_USER,
            vec![pool(), text("Google"), text("1")],
        ),
        keyed(
            "unlink an identity",
            UNLINK_IDENTITY,
            vec![pool(), text("Google"), text("1")],
        ),
        keyed("a user's identities", IDENTITIES_OF, vec![sub()]),
        keyed(
            "unlink a provider",
            UNLINK_PROVIDER,
            vec![pool(), text("Google")],
        ),
        keyed("purge sign-in states", PURGE_FEDERATIONS, vec![now_arg()]),
        keyed(
            "read a risk configuration",
            RISK_CONFIGURATION,
            vec![pool(), text("")],
        ),
        keyed(
            "read an auth event",
            GET_AUTH_EVENT,
            vec![sub(), text("event")],
        ),
        keyed(
            "a user's auth events",
            LIST_AUTH_EVENTS,
            vec![sub(), Arg::Int(60)],
        ),
        keyed(
            "a user's auth events, next page",
            LIST_AUTH_EVENTS_AFTER,
            vec![sub(), Arg::Int(60), now_arg(), text("event")],
        ),
        keyed(
            "users seen from an address",
            USERS_FROM_ADDRESS,
            vec![pool(), text("203.0.113.7"), now_arg()],
        ),
        keyed("purge auth events", PURGE_AUTH_EVENTS, vec![now_arg()]),
        keyed(
            "read a device",
            GET_DEVICE,
            vec![sub(), text("local_device")],
        ),
        keyed(
            "a user's devices",
            LIST_DEVICES,
            vec![sub(), text(""), Arg::Int(60)],
        ),
        keyed(
            "forget a device",
            DELETE_DEVICE,
            vec![sub(), text("local_device")],
        ),
        keyed("purge unconfirmed devices", PURGE_DEVICES, vec![now_arg()]),
        keyed(
            "a user's previous passwords",
            PASSWORD_HISTORY,
            vec![sub(), Arg::Int(24)],
        ),
        keyed(
            "read a pool's SAML key",
            SAML_KEY,
            vec![pool(), text("signing")],
        ),
        keyed(
            "finish a federated sign-in",
            TAKE_FEDERATION,
            vec![text("hash")],
        ),
        keyed(
            "read an identity",
            GET_IDENTITY,
            vec![text("local:identity")],
        ),
        keyed(
            "find an identity by login",
            IDENTITY_FOR_LOGIN,
            vec![text("local:pool"), text("issuer"), text("subject")],
        ),
        keyed(
            "list identities",
            LIST_IDENTITIES,
            vec![text("local:pool"), text(""), Arg::Int(60)],
        ),
        keyed(
            "delete an identity",
            DELETE_IDENTITY,
            vec![text("local:identity")],
        ),
        keyed(
            "read an authorization request",
            GET_OAUTH_REQUEST,
            vec![text("hash")],
        ),
        keyed(
            "take an authorization request",
            TAKE_OAUTH_REQUEST,
            vec![text("hash")],
        ),
        keyed(
            "redeem an authorization code",
            REDEEM_OAUTH_CODE,
            vec![now_arg(), text("hash")],
        ),
        keyed(
            "a redeemed code's family",
            OAUTH_CODE_FAMILY,
            vec![text("hash")],
        ),
        keyed(
            "remember a code's family",
            SET_CODE_FAMILY,
            vec![text("family"), text("hash")],
        ),
    ];
    for (statement, kept_for) in PURGE {
        let name = format!("purge: {statement}");
        all.push(keyed(name, statement, vec![Arg::Int(now.0 - kept_for)]));
    }
    for (table, column) in CASCADES {
        let sql = format!("SELECT 1 FROM {table} WHERE {column} = $1");
        all.push(keyed(
            format!("cascade to {table}"),
            &sql,
            vec![text("key")],
        ));
    }
    // ListUsers: without a filter (the pool in username order, a page at a time), and
    // with each filter Cognito offers, exact and by prefix.
    let mut filters = vec![
        r#"username = "someone""#.to_string(),
        r#"username ^= "some""#.to_string(),
        r#"sub = "00000000-0000-4000-8000-000000000000""#.to_string(),
        r#"sub ^= "0000""#.to_string(),
        r#"cognito:user_status = "UNCONFIRMED""#.to_string(),
        r#"cognito:user_status ^= "UN""#.to_string(),
        r#"status = "Disabled""#.to_string(),
        r#"status ^= "Dis""#.to_string(),
    ];
    for name in SEARCHABLE_ATTRIBUTES {
        filters.push(format!(r#"{name} = "someone""#));
        filters.push(format!(r#"{name} ^= "some""#));
    }
    let page = |filter: Option<&UserFilter>| list_users_statement(filter);
    if let Some((sql, args)) = page(None) {
        all.push(Keyed {
            pages_the_pool: true,
            ..list_keyed("ListUsers", &sql, args, pool())
        });
    }
    for filter in filters {
        if let Ok(Some(parsed)) = UserFilter::parse(&filter)
            && let Some((sql, args)) = page(Some(&parsed))
        {
            all.push(list_keyed(
                &format!("ListUsers {filter}"),
                &sql,
                args,
                pool(),
            ));
        }
    }
    all
}

fn list_keyed(name: &str, sql: &str, filter_args: Vec<Arg>, pool: Arg) -> Keyed {
    let mut args = vec![pool, text(""), Arg::Int(60)];
    args.extend(filter_args);
    keyed(name, sql, args)
}

impl SqlStore {
    /// How the database would run each statement that finds rows by a key, `pool` being a
    /// user pool with users and `now` the time: for the plan test, and for an operator
    /// who wonders why a call is slow.
    pub async fn query_plans(&self, pool: &PoolId, now: Timestamp) -> Stored<Vec<QueryPlan>> {
        let mut plans = Vec::new();
        for statement in statements(pool, now) {
            let sql = format!("{EXPLAIN}{}", statement.sql);
            let rows = bind_args(sqlx::query(&sql), statement.args)
                .fetch_all(&self.db)
                .await
                .map_err(backend)?;
            plans.push(QueryPlan {
                statement: statement.name,
                sql: statement.sql,
                plan: plan_text(&rows)?,
                pages_the_pool: statement.pages_the_pool,
            });
        }
        Ok(plans)
    }
}
