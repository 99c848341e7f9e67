//! The Cognito door's one list of operations: each name, whether it must be signed with
//! the admin key (SigV4), and the function that answers it.

use serde_json::Value;

use super::users::UserAction;
use super::wire::parse;
use super::{
    Answer, ApiError, CognitoApi, auth, clients, devices, domains, looks, mfa, passkeys, pool_mfa,
    pools, providers, public, resource_servers, risk, users,
};

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Cognito's public operations: an app calls them without AWS credentials.
    Public,
    /// The control plane and the Admin* operations: signed with the admin key.
    Signed,
}

/// Declares a door's table once: `access` and `run` are both generated from it, so an
/// operation cannot be listed in one and missing from the other. The Cognito Identity door
/// (`identity.rs`) declares its own table with it.
macro_rules! operations {
    (|$api:ident, $pool:ident, $input:ident| { $($name:literal => $access:ident, $call:expr;)* }) => {
        /// Every operation Cognate answers, in the table's order.
        pub const NAMES: &[&str] = &[$($name,)*];

        /// Whether Cognate answers `operation`, and who may call it.
        pub fn access(operation: &str) -> Option<Access> {
            match operation {
                $($name => Some(Access::$access),)*
                _ => None,
            }
        }

        /// Runs `operation` on `input`, read as the operation's request.
        pub async fn run($api: &CognitoApi, operation: &str, $input: Value) -> Answer {
            let $pool = $api.pool.as_ref();
            match operation {
                $($name => $call.await,)*
                _ => Err(ApiError::new(
                    "UnknownOperationException",
                    format!("Unknown operation {operation}."),
                )),
            }
        }
    };
}

pub(super) use operations;

operations!(|api, pool, input| {
    // Sign-up and codes.
    "SignUp" => Public, public::sign_up(pool, parse(input)?);
    "ConfirmSignUp" => Public, public::confirm_sign_up(pool, parse(input)?);
    "ResendConfirmationCode" => Public, public::resend_confirmation_code(pool, parse(input)?);
    // Signing in.
    "InitiateAuth" => Public, auth::initiate_auth(pool, parse(input)?);
    "RespondToAuthChallenge" => Public, auth::respond_to_auth_challenge(pool, parse(input)?);
    "GetTokensFromRefreshToken" => Public, public::get_tokens_from_refresh_token(pool, parse(input)?);
    "AdminInitiateAuth" => Signed, auth::admin_initiate_auth(pool, parse(input)?);
    "AdminRespondToAuthChallenge" => Signed, auth::admin_respond_to_auth_challenge(pool, parse(input)?);
    // Passwords.
    "ForgotPassword" => Public, public::forgot_password(pool, parse(input)?);
    "ConfirmForgotPassword" => Public, public::confirm_forgot_password(pool, parse(input)?);
    "ChangePassword" => Public, public::change_password(pool, parse(input)?);
    // The signed-in user, with their access token.
    "GetUser" => Public, public::get_user(pool, parse(input)?);
    "UpdateUserAttributes" => Public, public::update_user_attributes(pool, parse(input)?);
    "DeleteUserAttributes" => Public, public::delete_user_attributes(pool, parse(input)?);
    "GetUserAttributeVerificationCode" => Public, public::get_verification_code(pool, parse(input)?);
    "VerifyUserAttribute" => Public, public::verify_user_attribute(pool, parse(input)?);
    "DeleteUser" => Public, public::delete_user(pool, parse(input)?);
    "GlobalSignOut" => Public, public::global_sign_out(pool, parse(input)?);
    "RevokeToken" => Public, public::revoke_token(pool, parse(input)?);
    // Second factors.
    "AssociateSoftwareToken" => Public, mfa::associate_software_token(pool, parse(input)?);
    "VerifySoftwareToken" => Public, mfa::verify_software_token(pool, parse(input)?);
    "SetUserMFAPreference" => Public, mfa::set_user_mfa_preference(pool, parse(input)?);
    "AdminSetUserMFAPreference" => Signed, mfa::admin_set_user_mfa_preference(pool, parse(input)?);
    // Passkeys, and the factors a user signs in with.
    "StartWebAuthnRegistration" => Public,
        passkeys::start_web_authn_registration(pool, parse(input)?);
    "CompleteWebAuthnRegistration" => Public,
        passkeys::complete_web_authn_registration(pool, parse(input)?);
    "ListWebAuthnCredentials" => Public, passkeys::list_web_authn_credentials(pool, parse(input)?);
    "DeleteWebAuthnCredential" => Public, passkeys::delete_web_authn_credential(pool, parse(input)?);
    "GetUserAuthFactors" => Public, passkeys::get_user_auth_factors(pool, parse(input)?);
    "AdminGetUserAuthFactors" => Signed, passkeys::admin_get_user_auth_factors(pool, parse(input)?);
    // Pools.
    "CreateUserPool" => Signed, pools::create_user_pool(pool, &api.region, parse(input)?);
    "DescribeUserPool" => Signed, pools::describe_user_pool(pool, parse(input)?);
    "UpdateUserPool" => Signed, pools::update_user_pool(pool, parse(input)?);
    "AddCustomAttributes" => Signed, pools::add_custom_attributes(pool, parse(input)?);
    "CreateUserPoolDomain" => Signed, domains::create_user_pool_domain(pool, parse(input)?);
    "DescribeUserPoolDomain" => Signed, domains::describe_user_pool_domain(pool, parse(input)?);
    "UpdateUserPoolDomain" => Signed, domains::update_user_pool_domain(pool, parse(input)?);
    "DeleteUserPoolDomain" => Signed, domains::delete_user_pool_domain(pool, parse(input)?);
    "SetUserPoolMfaConfig" => Signed, pool_mfa::set_user_pool_mfa_config(pool, parse(input)?);
    "GetUserPoolMfaConfig" => Signed, pool_mfa::get_user_pool_mfa_config(pool, parse(input)?);
    "ListUserPools" => Signed, pools::list_user_pools(pool, parse(input)?);
    "DeleteUserPool" => Signed, pools::delete_user_pool(pool, &api.default_pool, parse(input)?);
    // App clients.
    "CreateUserPoolClient" => Signed, clients::create_user_pool_client(pool, parse(input)?);
    "DescribeUserPoolClient" => Signed, clients::describe_user_pool_client(pool, parse(input)?);
    "UpdateUserPoolClient" => Signed, clients::update_user_pool_client(pool, parse(input)?);
    "ListUserPoolClients" => Signed, clients::list_user_pool_clients(pool, parse(input)?);
    "DeleteUserPoolClient" => Signed,
        clients::delete_user_pool_client(pool, &api.default_client, parse(input)?);
    // Resource servers.
    // Identity providers.
    "CreateIdentityProvider" => Signed, providers::create_identity_provider(pool, parse(input)?);
    "DescribeIdentityProvider" => Signed, providers::describe_identity_provider(pool, parse(input)?);
    "UpdateIdentityProvider" => Signed, providers::update_identity_provider(pool, parse(input)?);
    "DeleteIdentityProvider" => Signed, providers::delete_identity_provider(pool, parse(input)?);
    "ListIdentityProviders" => Signed, providers::list_identity_providers(pool, parse(input)?);
    "GetIdentityProviderByIdentifier" => Signed,
        providers::get_identity_provider_by_identifier(pool, parse(input)?);
    "GetSigningCertificate" => Signed, providers::get_signing_certificate(pool, parse(input)?);
    // Threat protection.
    "SetRiskConfiguration" => Signed, risk::set_risk_configuration(pool, parse(input)?);
    "DescribeRiskConfiguration" => Signed, risk::describe_risk_configuration(pool, parse(input)?);
    // How the hosted pages look: branding styles, the classic customization, terms.
    "CreateManagedLoginBranding" => Signed,
        looks::create_managed_login_branding(pool, parse(input)?);
    "UpdateManagedLoginBranding" => Signed,
        looks::update_managed_login_branding(pool, parse(input)?);
    "DescribeManagedLoginBranding" => Signed,
        looks::describe_managed_login_branding(pool, parse(input)?);
    "DescribeManagedLoginBrandingByClient" => Signed,
        looks::describe_managed_login_branding_by_client(pool, parse(input)?);
    "DeleteManagedLoginBranding" => Signed,
        looks::delete_managed_login_branding(pool, parse(input)?);
    "SetUICustomization" => Signed, looks::set_ui_customization(pool, parse(input)?);
    "GetUICustomization" => Signed, looks::get_ui_customization(pool, parse(input)?);
    "CreateTerms" => Signed, looks::create_terms(pool, parse(input)?);
    "UpdateTerms" => Signed, looks::update_terms(pool, parse(input)?);
    "DescribeTerms" => Signed, looks::describe_terms(pool, parse(input)?);
    "DescribeTermsByClient" => Signed, looks::describe_terms_by_client(pool, parse(input)?);
    "ListTerms" => Signed, looks::list_terms(pool, parse(input)?);
    "DeleteTerms" => Signed, looks::delete_terms(pool, parse(input)?);
    "AdminListUserAuthEvents" => Signed, risk::admin_list_user_auth_events(pool, parse(input)?);
    "AdminUpdateAuthEventFeedback" => Signed, risk::admin_update_auth_event_feedback(pool, parse(input)?);
    "UpdateAuthEventFeedback" => Public, risk::update_auth_event_feedback(pool, parse(input)?);
    // Remembered devices.
    "ConfirmDevice" => Public, devices::confirm_device(pool, parse(input)?);
    "GetDevice" => Public, devices::get_device(pool, parse(input)?, false);
    "ListDevices" => Public, devices::list_devices(pool, parse(input)?, false);
    "ForgetDevice" => Public, devices::forget_device(pool, parse(input)?, false);
    "UpdateDeviceStatus" => Public, devices::update_device_status(pool, parse(input)?, false);
    "AdminGetDevice" => Signed, devices::get_device(pool, parse(input)?, true);
    "AdminListDevices" => Signed, devices::list_devices(pool, parse(input)?, true);
    "AdminForgetDevice" => Signed, devices::forget_device(pool, parse(input)?, true);
    "AdminUpdateDeviceStatus" => Signed, devices::update_device_status(pool, parse(input)?, true);
    "AdminLinkProviderForUser" => Signed,
        providers::admin_link_provider_for_user(pool, parse(input)?);
    "AdminDisableProviderForUser" => Signed,
        providers::admin_disable_provider_for_user(pool, parse(input)?);
    "CreateResourceServer" => Signed, resource_servers::create_resource_server(pool, parse(input)?);
    "DescribeResourceServer" => Signed, resource_servers::describe_resource_server(pool, parse(input)?);
    "ListResourceServers" => Signed, resource_servers::list_resource_servers(pool, parse(input)?);
    "DeleteResourceServer" => Signed, resource_servers::delete_resource_server(pool, parse(input)?);
    // Users, as an administrator.
    "AdminCreateUser" => Signed, users::admin_create_user(pool, parse(input)?);
    "AdminGetUser" => Signed, users::admin_get_user(pool, parse(input)?);
    "AdminConfirmSignUp" => Signed, users::admin_user_action(pool, UserAction::Confirm, parse(input)?);
    "AdminDisableUser" => Signed, users::admin_user_action(pool, UserAction::Disable, parse(input)?);
    "AdminEnableUser" => Signed, users::admin_user_action(pool, UserAction::Enable, parse(input)?);
    "AdminUserGlobalSignOut" => Signed,
        users::admin_user_action(pool, UserAction::SignOutEverywhere, parse(input)?);
    "AdminDeleteUser" => Signed, users::admin_user_action(pool, UserAction::Delete, parse(input)?);
    "AdminSetUserPassword" => Signed, users::admin_set_user_password(pool, parse(input)?);
    "AdminResetUserPassword" => Signed, users::admin_reset_user_password(pool, parse(input)?);
    "AdminUpdateUserAttributes" => Signed, users::admin_update_user_attributes(pool, parse(input)?);
    "AdminDeleteUserAttributes" => Signed, users::admin_delete_user_attributes(pool, parse(input)?);
    "ListUsers" => Signed, users::list_users(pool, parse(input)?);
    // Groups.
    "CreateGroup" => Signed, users::create_group(pool, parse(input)?);
    "GetGroup" => Signed, users::get_group(pool, parse(input)?);
    "UpdateGroup" => Signed, users::update_group(pool, parse(input)?);
    "DeleteGroup" => Signed, users::delete_group(pool, parse(input)?);
    "ListGroups" => Signed, users::list_groups(pool, parse(input)?);
    "AdminAddUserToGroup" => Signed, users::set_membership(pool, true, parse(input)?);
    "AdminRemoveUserFromGroup" => Signed, users::set_membership(pool, false, parse(input)?);
    "AdminListGroupsForUser" => Signed, users::admin_list_groups_for_user(pool, parse(input)?);
    "ListUsersInGroup" => Signed, users::list_users_in_group(pool, parse(input)?);
});

#[cfg(test)]
mod properties {
    use std::sync::Arc;

    use proptest::prelude::*;
    use serde_json::{Map, Value};

    use super::{NAMES, run};
    use crate::doors::cognito_api::{AdminKey, CognitoApi};
    use crate::plumbing::config::Secret;
    use crate::testkit::Kit;

    /// Member names the operations read, and a few they do not.
    const MEMBERS: &[&str] = &[
        "ClientId",
        "ClientSecret",
        "Username",
        "Password",
        "UserPoolId",
        "AccessToken",
        "RefreshToken",
        "Token",
        "AuthFlow",
        "AuthParameters",
        "ChallengeName",
        "ChallengeResponses",
        "Session",
        "ConfirmationCode",
        "Code",
        "UserAttributes",
        "AttributeName",
        "AttributeNames",
        "Filter",
        "Limit",
        "PaginationToken",
        "MaxResults",
        "NextToken",
        "GroupName",
        "ClientName",
        "PoolName",
        "PreviousPassword",
        "ProposedPassword",
        "Permanent",
        "Identifier",
        "Name",
        "Scopes",
        "Policies",
        "Unknown",
    ];

    /// Any JSON value a caller could send, up to a few levels deep.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,24}".prop_map(Value::String),
            prop::sample::select(vec![
                "USER_PASSWORD_AUTH",
                "USER_SRP_AUTH",
                "REFRESH_TOKEN_AUTH",
                "local_aaaaaaaaa",
                "jane",
                "123456"
            ])
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(MEMBERS), inner), 0..5).prop_map(
                    |pairs| Value::Object(
                        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                    )
                ),
            ]
        })
    }

    fn request() -> impl Strategy<Value = Value> {
        prop::collection::vec((prop::sample::select(MEMBERS), json()), 0..8).prop_map(|pairs| {
            let members: Map<String, Value> =
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            Value::Object(members)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Whatever JSON reaches an operation, it answers or refuses in Cognito's words;
        /// it never fails as the server's own error.
        #[test]
        fn any_request_to_any_operation_is_answered_without_an_internal_error(
            operation in prop::sample::select(NAMES),
            input in request(),
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let answer = runtime.block_on(async {
                let kit = Kit::with_user("jane").await;
                let api = CognitoApi {
                    pool: Arc::clone(&kit.pool),
                    admin: AdminKey {
                        access_key_id: "AKIDEXAMPLE0000000".into(),
                        secret_access_key: Secret::new("a-secret-of-forty-characters-0000000000".into()),
                    },
                    clock: kit.clock.clone(),
                    region: "local".into(),
                    default_pool: kit.pool_config.id.clone(),
                    default_client: kit.client.id.clone(),
                };
                run(&api, operation, input).await
            });
            if let Err(error) = answer {
                prop_assert_ne!(error.name, "InternalErrorException", "{}", error.message);
            }
        }
    }
}
