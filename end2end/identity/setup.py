"""Sets up identity pools on a running Cognate for the identity pool journeys, and the
SeaweedFS configuration that trusts them (examples/identity/seaweedfs_iam.py, as the
README shows it).

    setup.py COGNATE_URL STATE_DIR

As the administrator (boto3 with the admin keys in the environment): a user pool with an
app client, three users (ada and bob; eve in the group "editors"), two identity pools
("Files": guests and the classic flow allowed, the editors mapped to their own role;
"Strict": neither; "Demo files" for the demo page, on its own app client of the default
pool), their roles. Then writes, into STATE_DIR, SeaweedFS's IAM
configuration (an OIDC provider trusting Cognate's /identity issuer for both pools' ids,
the three roles and their policies), its static S3 identities (one admin key, to make the
bucket), and setup.json for the checks.
"""

import json
import os
import sys

import boto3

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "identity"))
import seaweedfs_iam  # noqa: E402

cognate, state = sys.argv[1], sys.argv[2]
os.makedirs(state, exist_ok=True)
idp = boto3.client("cognito-idp", endpoint_url=cognate)
identity = boto3.client("cognito-identity", endpoint_url=cognate)

pool = idp.create_user_pool(PoolName="identity-journeys")["UserPool"]
client = idp.create_user_pool_client(
    UserPoolId=pool["Id"],
    ClientName="files-app",
    ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
)["UserPoolClient"]
password = "Correct-horse-9-battery"
for name in ("ada", "bob", "eve"):
    idp.admin_create_user(
        UserPoolId=pool["Id"],
        Username=name,
        UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(
        UserPoolId=pool["Id"], Username=name, Password=password, Permanent=True
    )
idp.create_group(GroupName="editors", UserPoolId=pool["Id"])
idp.admin_add_user_to_group(UserPoolId=pool["Id"], Username="eve", GroupName="editors")

# The Logins key of this user pool: its issuer without the scheme.
provider = pool.get("ProviderName") or f"{cognate.split('://', 1)[1]}/{pool['Id']}"
providers = [{"ProviderName": provider, "ClientId": client["ClientId"]}]
user_role = seaweedfs_iam.USER_ROLE
guest_role = seaweedfs_iam.GUEST_ROLE
editor_role = seaweedfs_iam.EDITOR_ROLE

files = identity.create_identity_pool(
    IdentityPoolName="Files",
    AllowUnauthenticatedIdentities=True,
    AllowClassicFlow=True,
    CognitoIdentityProviders=providers,
)
identity.set_identity_pool_roles(
    IdentityPoolId=files["IdentityPoolId"],
    Roles={"authenticated": user_role, "unauthenticated": guest_role},
    RoleMappings={
        f"{provider}:{client['ClientId']}": {
            "Type": "Rules",
            "AmbiguousRoleResolution": "AuthenticatedRole",
            "RulesConfiguration": {
                "Rules": [
                    {
                        "Claim": "cognito:groups",
                        "MatchType": "Contains",
                        "Value": "editors",
                        "RoleARN": editor_role,
                    }
                ]
            },
        }
    },
)
strict = identity.create_identity_pool(
    IdentityPoolName="Strict",
    AllowUnauthenticatedIdentities=False,
    AllowClassicFlow=False,
    CognitoIdentityProviders=providers,
)
identity.set_identity_pool_roles(
    IdentityPoolId=strict["IdentityPoolId"],
    Roles={"authenticated": user_role},
)
# The demo page's "Your files": an identity pool for an app client of the default pool of
# its own (the other journeys' demo pages, on the default client, show no files).
default = next(p for p in idp.list_user_pools(MaxResults=60)["UserPools"] if p["Name"] == "Default pool")
demo_client = idp.create_user_pool_client(
    UserPoolId=default["Id"],
    ClientName="files-demo",
    ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    # The hosted sign-in pages serve only clients with OAuth on.
    AllowedOAuthFlowsUserPoolClient=True,
    AllowedOAuthFlows=["code"],
    AllowedOAuthScopes=["openid", "email"],
    CallbackURLs=[f"{cognate}/demo"],
    SupportedIdentityProviders=["COGNITO"],
)["UserPoolClient"]
demo = identity.create_identity_pool(
    IdentityPoolName="Demo files",
    AllowUnauthenticatedIdentities=False,
    CognitoIdentityProviders=[
        {
            "ProviderName": f"{cognate.split('://', 1)[1]}/{default['Id']}",
            "ClientId": demo_client["ClientId"],
        }
    ],
)
identity.set_identity_pool_roles(
    IdentityPoolId=demo["IdentityPoolId"], Roles={"authenticated": user_role}
)
# A pool whose signed-in users are given the guests' role, which trusts only guests'
# tokens: the STS refuses, and Cognate says so.
misconfigured = identity.create_identity_pool(
    IdentityPoolName="Misconfigured",
    AllowUnauthenticatedIdentities=False,
    CognitoIdentityProviders=providers,
)
identity.set_identity_pool_roles(
    IdentityPoolId=misconfigured["IdentityPoolId"], Roles={"authenticated": guest_role}
)
pool_ids = [
    files["IdentityPoolId"],
    strict["IdentityPoolId"],
    demo["IdentityPoolId"],
    misconfigured["IdentityPoolId"],
]


iam = seaweedfs_iam.iam_config(cognate, pool_ids, bucket="files", editors=True)
s3, admin_key = seaweedfs_iam.s3_config()
with open(os.path.join(state, "iam.json"), "w") as out:
    json.dump(iam, out, indent=2)
with open(os.path.join(state, "s3.json"), "w") as out:
    json.dump(s3, out, indent=2)
with open(os.path.join(state, "setup.json"), "w") as out:
    json.dump(
        {
            "cognate": cognate,
            "user_pool": pool["Id"],
            "client_id": client["ClientId"],
            "provider": provider,
            "password": password,
            "files_pool": files["IdentityPoolId"],
            "strict_pool": strict["IdentityPoolId"],
            "demo_client": demo_client["ClientId"],
            "misconfigured_pool": misconfigured["IdentityPoolId"],
            "s3_admin": admin_key,
        },
        out,
        indent=2,
    )
print("identity pools ready:", files["IdentityPoolId"], strict["IdentityPoolId"])
