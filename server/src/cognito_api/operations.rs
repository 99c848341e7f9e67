//! The Cognito door's one list of operations: each name, whether it must be signed with
//! the admin key (SigV4), and the function that answers it.

use serde_json::Value;

use super::{ApiError, CognitoApi, auth, pools, public, users};

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Cognito's public operations: an app calls them without AWS credentials.
    Public,
    /// The control plane and the Admin* operations: signed with the admin key.
    Signed,
}

/// Declares the table once: `access` and `run` are both generated from it, so an
/// operation cannot be listed in one and missing from the other.
macro_rules! operations {
    (|$api:ident, $pool:ident, $input:ident| { $($name:literal => $access:ident, $call:expr;)* }) => {
        /// Whether Cognate answers `operation`, and who may call it.
        pub fn access(operation: &str) -> Option<Access> {
            match operation {
                $($name => Some(Access::$access),)*
                _ => None,
            }
        }

        /// Runs `operation` (one that [`access`] knows) on `input`.
        pub async fn run(
            $api: &CognitoApi,
            operation: &str,
            $input: Value,
        ) -> Option<Result<Value, ApiError>> {
            let $pool = $api.pool.as_ref();
            Some(match operation {
                $($name => $call.await,)*
                _ => return None,
            })
        }
    };
}

operations!(|api, pool, input| {
    // Sign-up and codes.
    "SignUp" => Public, public::sign_up(pool, input);
    "ConfirmSignUp" => Public, public::confirm_sign_up(pool, input);
    "ResendConfirmationCode" => Public, public::resend_confirmation_code(pool, input);
    // Signing in.
    "InitiateAuth" => Public, auth::initiate_auth(pool, input);
    "RespondToAuthChallenge" => Public, auth::respond_to_auth_challenge(pool, input);
    "GetTokensFromRefreshToken" => Public, public::get_tokens_from_refresh_token(pool, input);
    "AdminInitiateAuth" => Signed, auth::admin_initiate_auth(pool, input);
    "AdminRespondToAuthChallenge" => Signed, auth::admin_respond_to_auth_challenge(pool, input);
    // Passwords.
    "ForgotPassword" => Public, public::forgot_password(pool, input);
    "ConfirmForgotPassword" => Public, public::confirm_forgot_password(pool, input);
    "ChangePassword" => Public, public::change_password(pool, input);
    // The signed-in user, with their access token.
    "GetUser" => Public, public::get_user(pool, input);
    "UpdateUserAttributes" => Public, public::update_user_attributes(pool, input);
    "DeleteUserAttributes" => Public, public::delete_user_attributes(pool, input);
    "GetUserAttributeVerificationCode" => Public, public::get_verification_code(pool, input);
    "VerifyUserAttribute" => Public, public::verify_user_attribute(pool, input);
    "DeleteUser" => Public, public::delete_user(pool, input);
    "GlobalSignOut" => Public, public::global_sign_out(pool, input);
    "RevokeToken" => Public, public::revoke_token(pool, input);
    // Pools.
    "CreateUserPool" => Signed, pools::create_user_pool(pool, &api.region, input);
    "DescribeUserPool" => Signed, pools::describe_user_pool(pool, input);
    "UpdateUserPool" => Signed, pools::update_user_pool(pool, input);
    "ListUserPools" => Signed, pools::list_user_pools(pool, input);
    "DeleteUserPool" => Signed, pools::delete_user_pool(pool, &api.default_pool, input);
    // App clients.
    "CreateUserPoolClient" => Signed, pools::create_user_pool_client(pool, input);
    "DescribeUserPoolClient" => Signed, pools::describe_user_pool_client(pool, input);
    "UpdateUserPoolClient" => Signed, pools::update_user_pool_client(pool, input);
    "ListUserPoolClients" => Signed, pools::list_user_pool_clients(pool, input);
    "DeleteUserPoolClient" => Signed,
        pools::delete_user_pool_client(pool, &api.default_client, input);
    // Resource servers.
    "CreateResourceServer" => Signed, pools::create_resource_server(pool, input);
    "DescribeResourceServer" => Signed, pools::describe_resource_server(pool, input);
    "ListResourceServers" => Signed, pools::list_resource_servers(pool, input);
    "DeleteResourceServer" => Signed, pools::delete_resource_server(pool, input);
    // Users, as an administrator.
    "AdminCreateUser" => Signed, users::admin_create_user(pool, input);
    "AdminGetUser" => Signed, users::admin_get_user(pool, input);
    "AdminConfirmSignUp" => Signed, users::admin_user_action(pool, "AdminConfirmSignUp", input);
    "AdminDisableUser" => Signed, users::admin_user_action(pool, "AdminDisableUser", input);
    "AdminEnableUser" => Signed, users::admin_user_action(pool, "AdminEnableUser", input);
    "AdminUserGlobalSignOut" => Signed,
        users::admin_user_action(pool, "AdminUserGlobalSignOut", input);
    "AdminDeleteUser" => Signed, users::admin_user_action(pool, "AdminDeleteUser", input);
    "AdminSetUserPassword" => Signed, users::admin_set_user_password(pool, input);
    "AdminResetUserPassword" => Signed, users::admin_reset_user_password(pool, input);
    "AdminUpdateUserAttributes" => Signed, users::admin_update_user_attributes(pool, input);
    "AdminDeleteUserAttributes" => Signed, users::admin_delete_user_attributes(pool, input);
    "ListUsers" => Signed, users::list_users(pool, input);
    // Groups.
    "CreateGroup" => Signed, users::create_group(pool, input);
    "GetGroup" => Signed, users::get_group(pool, input);
    "DeleteGroup" => Signed, users::delete_group(pool, input);
    "ListGroups" => Signed, users::list_groups(pool, input);
    "AdminAddUserToGroup" => Signed, users::set_membership(pool, true, input);
    "AdminRemoveUserFromGroup" => Signed, users::set_membership(pool, false, input);
    "AdminListGroupsForUser" => Signed, users::admin_list_groups_for_user(pool, input);
    "ListUsersInGroup" => Signed, users::list_users_in_group(pool, input);
});
