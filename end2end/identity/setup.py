"""Sets up identity pools on a running Cognate for the identity pool journeys, and the
SeaweedFS configuration that trusts them.

    setup.py COGNATE_URL STATE_DIR

As the administrator (boto3 with the admin keys in the environment): a user pool with an
app client, three users (ada and bob; eve in the group "editors"), two identity pools
("Files": guests and the classic flow allowed, the editors mapped to their own role;
"Strict": neither), their roles. Then writes, into STATE_DIR, SeaweedFS's IAM
configuration (an OIDC provider trusting Cognate's /identity issuer for both pools' ids,
the three roles and their policies), its static S3 identities (one admin key, to make the
bucket), and setup.json for the checks.
"""

import base64
import json
import os
import secrets
import sys

import boto3

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
user_role = "arn:aws:iam::role/CognateUser"
guest_role = "arn:aws:iam::role/CognateGuest"
editor_role = "arn:aws:iam::role/CognateEditor"

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
pool_ids = [files["IdentityPoolId"], strict["IdentityPoolId"]]


def trust(amr):
    """Only Cognate's identity tokens for these identity pools, signed in or guest."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": "cognate"},
                "Action": ["sts:AssumeRoleWithWebIdentity"],
                "Condition": {
                    "StringEquals": {"oidc:aud": pool_ids},
                    "ForAnyValue:StringEquals": {"oidc:amr": amr},
                },
            }
        ],
    }


def allow(actions, resources):
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


# SeaweedFS substitutes ${jwt:sub}: the identity id, the `sub` of Cognate's identity token.
own = "arn:aws:s3:::files/private/${jwt:sub}/*"
public = "arn:aws:s3:::files/public/*"
iam = {
    "sts": {
        "tokenDuration": "1h",
        "maxSessionLength": "12h",
        "issuer": "seaweedfs-sts",
        "signingKey": base64.b64encode(secrets.token_bytes(32)).decode(),
    },
    "providers": [
        {
            "name": "cognate",
            "type": "oidc",
            "enabled": True,
            "config": {
                "issuer": f"{cognate}/identity",
                "clientIds": pool_ids,
                "jwksUri": f"{cognate}/identity/.well-known/jwks.json",
            },
        }
    ],
    "policy": {"defaultEffect": "Deny"},
    "roles": [
        {
            "roleName": "CognateUser",
            "roleArn": user_role,
            "trustPolicy": trust("authenticated"),
            "attachedPolicies": ["OwnFiles"],
        },
        {
            "roleName": "CognateEditor",
            "roleArn": editor_role,
            "trustPolicy": trust("authenticated"),
            "attachedPolicies": ["OwnFiles", "PublicFiles"],
        },
        {
            "roleName": "CognateGuest",
            "roleArn": guest_role,
            "trustPolicy": trust("unauthenticated"),
            "attachedPolicies": ["ReadPublic"],
        },
    ],
    "policies": [
        {
            "name": "OwnFiles",
            "document": {
                "Version": "2012-10-17",
                "Statement": [
                    allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [own]),
                    allow(["s3:GetObject"], [public]),
                    allow(["sts:ValidateSession"], ["*"]),
                ],
            },
        },
        {
            "name": "PublicFiles",
            "document": {
                "Version": "2012-10-17",
                "Statement": [allow(["s3:PutObject"], [public])],
            },
        },
        {
            "name": "ReadPublic",
            "document": {
                "Version": "2012-10-17",
                "Statement": [
                    allow(["s3:GetObject"], [public]),
                    allow(["sts:ValidateSession"], ["*"]),
                ],
            },
        },
    ],
}
admin_key = {"accessKey": "cognate-admin", "secretKey": secrets.token_urlsafe(24)}
s3 = {"identities": [{"name": "admin", "credentials": [admin_key], "actions": ["Admin"]}]}
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
            "s3_admin": admin_key,
        },
        out,
        indent=2,
    )
print("identity pools ready:", files["IdentityPoolId"], strict["IdentityPoolId"])
