"""SeaweedFS's configuration for identity pools served by Cognate: what an operator writes
(README, "Identity pools"), used as is by `make demo-s3` and the end-to-end journeys.

iam_config() is SeaweedFS's advanced IAM file (-s3.iam.config): an OIDC provider that
trusts Cognate's identity token issuer (<cognate>/identity) for the given identity pools'
ids, and the roles their identities assume:

- CognateUser (signed-in users): read and write `<bucket>/private/${jwt:sub}/*` (their
  own folder: SeaweedFS puts the identity id, the token's `sub`, in place of
  ${jwt:sub}), list their own folder, read `<bucket>/public/*`;
- CognateGuest (guests): read `<bucket>/public/*`;
- with editors=True, CognateEditor: CognateUser's rights and writing `public/`.

Each role trusts only tokens whose `aud` is one of the pools and whose `amr` says
"authenticated" (or "unauthenticated" for guests). s3_config() is the static S3 identity
file (-s3.config) with one administrator key, to make the bucket.
"""

import base64
import secrets

USER_ROLE = "arn:aws:iam::role/CognateUser"
GUEST_ROLE = "arn:aws:iam::role/CognateGuest"
EDITOR_ROLE = "arn:aws:iam::role/CognateEditor"


def _trust(pool_ids, amr):
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


def _allow(actions, resources, condition=None):
    statement = {"Effect": "Allow", "Action": actions, "Resource": resources}
    if condition:
        statement["Condition"] = condition
    return statement


def _policy(name, *statements):
    return {"name": name, "document": {"Version": "2012-10-17", "Statement": list(statements)}}


def iam_config(cognate, pool_ids, bucket="files", editors=False):
    own = f"arn:aws:s3:::{bucket}/private/${{jwt:sub}}/*"
    public = f"arn:aws:s3:::{bucket}/public/*"
    validate = _allow(["sts:ValidateSession"], ["*"])
    roles = [
        {
            "roleName": "CognateUser",
            "roleArn": USER_ROLE,
            "trustPolicy": _trust(pool_ids, "authenticated"),
            "attachedPolicies": ["OwnFiles"],
        },
        {
            "roleName": "CognateGuest",
            "roleArn": GUEST_ROLE,
            "trustPolicy": _trust(pool_ids, "unauthenticated"),
            "attachedPolicies": ["ReadPublic"],
        },
    ]
    policies = [
        _policy(
            "OwnFiles",
            _allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [own]),
            _allow(
                ["s3:ListBucket"],
                [f"arn:aws:s3:::{bucket}"],
                {"StringLike": {"s3:prefix": ["private/${jwt:sub}/*"]}},
            ),
            _allow(["s3:GetObject"], [public]),
            validate,
        ),
        _policy("ReadPublic", _allow(["s3:GetObject"], [public]), validate),
    ]
    if editors:
        roles.append(
            {
                "roleName": "CognateEditor",
                "roleArn": EDITOR_ROLE,
                "trustPolicy": _trust(pool_ids, "authenticated"),
                "attachedPolicies": ["OwnFiles", "PublicFiles"],
            }
        )
        policies.append(_policy("PublicFiles", _allow(["s3:PutObject"], [public])))
    return {
        "sts": {
            "tokenDuration": "1h",
            "maxSessionLength": "12h",
            "issuer": "seaweedfs-sts",
            # SeaweedFS signs its session tokens with this: standard base64, 32 bytes.
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
        "roles": roles,
        "policies": policies,
    }


def s3_config():
    """The static S3 identities: one administrator key (returned too)."""
    admin = {"accessKey": "cognate-admin", "secretKey": secrets.token_urlsafe(24)}
    return {"identities": [{"name": "admin", "credentials": [admin], "actions": ["Admin"]}]}, admin
