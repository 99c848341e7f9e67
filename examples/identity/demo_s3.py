"""`make demo-s3`'s set-up: an identity pool for the running Cognate's default user pool and
app client, and SeaweedFS's configuration trusting it (seaweedfs_iam.py).

    demo_s3.py COGNATE_URL STATE_DIR        (admin keys in the environment)
    demo_s3.py --bucket STATE_DIR S3_URL    (once SeaweedFS runs: the bucket, a public file)
"""

import json
import os
import sys

import boto3

import seaweedfs_iam

if sys.argv[1] == "--bucket":
    state, s3_url = sys.argv[2], sys.argv[3]
    admin = json.load(open(os.path.join(state, "setup.json")))["s3_admin"]
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_url,
        aws_access_key_id=admin["accessKey"],
        aws_secret_access_key=admin["secretKey"],
        region_name="us-east-1",
    )
    if "files" not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
        s3.create_bucket(Bucket="files")
    s3.put_object(Bucket="files", Key="public/welcome.txt", Body=b"Hello from SeaweedFS.\n")
    sys.exit(0)

cognate, state = sys.argv[1], sys.argv[2]
os.makedirs(state, exist_ok=True)
idp = boto3.client("cognito-idp", endpoint_url=cognate)
identity = boto3.client("cognito-identity", endpoint_url=cognate)
pools = idp.list_user_pools(MaxResults=60)["UserPools"]
default = next(p for p in pools if p["Name"] == "Default pool")
clients = idp.list_user_pool_clients(UserPoolId=default["Id"], MaxResults=60)["UserPoolClients"]
provider = f"{cognate.split('://', 1)[1]}/{default['Id']}"
providers = [{"ProviderName": provider, "ClientId": c["ClientId"]} for c in clients]

existing = identity.list_identity_pools(MaxResults=60)["IdentityPools"]
found = next((p for p in existing if p["IdentityPoolName"] == "Demo files"), None)
fields = dict(
    IdentityPoolName="Demo files",
    AllowUnauthenticatedIdentities=True,
    CognitoIdentityProviders=providers,
)
if found:
    pool_id = identity.update_identity_pool(IdentityPoolId=found["IdentityPoolId"], **fields)[
        "IdentityPoolId"
    ]
else:
    pool_id = identity.create_identity_pool(**fields)["IdentityPoolId"]
identity.set_identity_pool_roles(
    IdentityPoolId=pool_id,
    Roles={"authenticated": seaweedfs_iam.USER_ROLE, "unauthenticated": seaweedfs_iam.GUEST_ROLE},
)
s3, admin = seaweedfs_iam.s3_config()
for name, document in (("iam.json", seaweedfs_iam.iam_config(cognate, [pool_id])), ("s3.json", s3)):
    with open(os.path.join(state, name), "w") as out:
        json.dump(document, out, indent=2)
with open(os.path.join(state, "setup.json"), "w") as out:
    json.dump({"identity_pool": pool_id, "provider": provider, "s3_admin": admin}, out, indent=2)
print(f"identity pool 'Demo files': {pool_id} (Logins key {provider})")
