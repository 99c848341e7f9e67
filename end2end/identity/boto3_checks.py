"""The identity pool journeys with an unmodified boto3, as an app would write them.

    boto3_checks.py STATE_DIR S3_URL

Run with AWS_ENDPOINT_URL_COGNITO_IDENTITY (and _COGNITO_IDENTITY_PROVIDER) pointing at
Cognate and no AWS credentials: the Cognito calls are the unsigned ones an app makes. S3
goes to SeaweedFS with the credentials Cognate handed out. Prints one line per check;
any failure raises.
"""

import base64
import json
import os
import sys

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

state, s3_url = sys.argv[1], sys.argv[2]
setup = json.load(open(os.path.join(state, "setup.json")))
unsigned = Config(signature_version=UNSIGNED)
# Only the endpoint variables point these at Cognate.
identity = boto3.client("cognito-identity", config=unsigned)
idp = boto3.client("cognito-idp", config=unsigned)


def error_code(call):
    try:
        call()
    except ClientError as error:
        return error.response["Error"]["Code"]
    raise AssertionError("the call succeeded")


def sign_in(name):
    answer = idp.initiate_auth(
        ClientId=setup["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": name, "PASSWORD": setup["password"]},
    )
    return answer["AuthenticationResult"]


def s3_for(credentials):
    return boto3.client(
        "s3",
        endpoint_url=s3_url,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretKey"],
        aws_session_token=credentials["SessionToken"],
        region_name="us-east-1",
    )


def credentials_of(pool, logins):
    identity_id = identity.get_id(IdentityPoolId=pool, Logins=logins)["IdentityId"]
    answer = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)
    return identity_id, answer["Credentials"]


# The administrator makes the bucket and a public file, with SeaweedFS's static key.
admin = boto3.client(
    "s3",
    endpoint_url=s3_url,
    aws_access_key_id=setup["s3_admin"]["accessKey"],
    aws_secret_access_key=setup["s3_admin"]["secretKey"],
    region_name="us-east-1",
)
try:
    admin.create_bucket(Bucket="files")
except ClientError as error:
    if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
        raise
admin.put_object(Bucket="files", Key="public/welcome.txt", Body=b"hello, everyone")

files, strict, provider = setup["files_pool"], setup["strict_pool"], setup["provider"]
ada = sign_in("ada")
ada_logins = {provider: ada["IdToken"]}
ada_id, ada_credentials = credentials_of(files, ada_logins)
again = identity.get_id(IdentityPoolId=files, Logins={provider: sign_in("ada")["IdToken"]})
assert again["IdentityId"] == ada_id, (again, ada_id)
print("same identity:", ada_id)
assert isinstance(ada_credentials["Expiration"], object) and ada_credentials["SessionToken"]

ada_s3 = s3_for(ada_credentials)
ada_key = f"private/{ada_id}/notes.txt"
ada_s3.put_object(Bucket="files", Key=ada_key, Body=b"ada's notes")
body = ada_s3.get_object(Bucket="files", Key=ada_key)["Body"].read()
assert body == b"ada's notes", body
listed = ada_s3.list_objects_v2(Bucket="files", Prefix=f"private/{ada_id}/")
assert [o["Key"] for o in listed.get("Contents", [])] == [ada_key], listed
assert (
    error_code(lambda: ada_s3.list_objects_v2(Bucket="files", Prefix="private/")) == "AccessDenied"
)
print("own folder: put, get and list")
assert ada_s3.get_object(Bucket="files", Key="public/welcome.txt")["Body"].read()
print("public: read")

bob = sign_in("bob")
bob_id, bob_credentials = credentials_of(files, {provider: bob["IdToken"]})
assert bob_id != ada_id
bob_s3 = s3_for(bob_credentials)
assert error_code(lambda: bob_s3.get_object(Bucket="files", Key=ada_key)) == "AccessDenied"
assert (
    error_code(lambda: bob_s3.put_object(Bucket="files", Key=f"private/{ada_id}/x", Body=b"x"))
    == "AccessDenied"
)
assert error_code(lambda: ada_s3.put_object(Bucket="files", Key="root.txt", Body=b"x")) == "AccessDenied"
assert (
    error_code(lambda: ada_s3.put_object(Bucket="files", Key="public/ada.txt", Body=b"x"))
    == "AccessDenied"
)
print("another user's folder, the bucket root, public writes: AccessDenied")

guest_id = identity.get_id(IdentityPoolId=files)["IdentityId"]
guest_credentials = identity.get_credentials_for_identity(IdentityId=guest_id)["Credentials"]
guest_s3 = s3_for(guest_credentials)
assert guest_s3.get_object(Bucket="files", Key="public/welcome.txt")["Body"].read()
assert error_code(lambda: guest_s3.get_object(Bucket="files", Key=ada_key)) == "AccessDenied"
assert (
    error_code(lambda: guest_s3.put_object(Bucket="files", Key=f"private/{guest_id}/x", Body=b"x"))
    == "AccessDenied"
)
print("guest: reads public/ only")

# The classic flow: Cognate's identity token, taken to the STS by the app itself.
token = identity.get_open_id_token(IdentityId=ada_id, Logins=ada_logins)["Token"]
sts = boto3.client("sts", endpoint_url=s3_url, config=unsigned, region_name="us-east-1")
classic = sts.assume_role_with_web_identity(
    RoleArn="arn:aws:iam::role/CognateUser",
    RoleSessionName="classic",
    WebIdentityToken=token,
)["Credentials"]
classic_s3 = s3_for(
    {
        "AccessKeyId": classic["AccessKeyId"],
        "SecretKey": classic["SecretAccessKey"],
        "SessionToken": classic["SessionToken"],
    }
)
assert classic_s3.get_object(Bucket="files", Key=ada_key)["Body"].read() == b"ada's notes"
strict_id = identity.get_id(IdentityPoolId=strict, Logins=ada_logins)["IdentityId"]
assert (
    error_code(lambda: identity.get_open_id_token(IdentityId=strict_id, Logins=ada_logins))
    == "InvalidParameterException"
)
guest_token = identity.get_open_id_token(IdentityId=guest_id)["Token"]
assert (
    error_code(
        lambda: sts.assume_role_with_web_identity(
            RoleArn="arn:aws:iam::role/CognateUser",
            RoleSessionName="guest",
            WebIdentityToken=guest_token,
        )
    )
    == "AccessDenied"
), "a guest's token must not assume the signed-in users' role"
print("classic flow: works where enabled, refused where not; a guest cannot take the users' role")

# Refusals.
header, payload, signature = ada["IdToken"].split(".")
claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
claims["sub"] = "00000000-0000-0000-0000-000000000000"
forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
tampered = f"{header}.{forged}.{signature}"
assert (
    error_code(lambda: identity.get_id(IdentityPoolId=files, Logins={provider: tampered}))
    == "NotAuthorizedException"
)
assert (
    error_code(lambda: identity.get_credentials_for_identity(IdentityId=ada_id))
    == "NotAuthorizedException"
)
assert error_code(lambda: identity.get_id(IdentityPoolId=strict)) == "NotAuthorizedException"
assert (
    error_code(lambda: identity.get_credentials_for_identity(IdentityId=ada_id, Logins={provider: bob["IdToken"]}))
    == "NotAuthorizedException"
)
revoked = sign_in("bob")
idp.revoke_token(Token=revoked["RefreshToken"], ClientId=setup["client_id"])
assert (
    error_code(lambda: identity.get_id(IdentityPoolId=files, Logins={provider: revoked["IdToken"]}))
    == "NotAuthorizedException"
)
wrong_role = identity.get_id(IdentityPoolId=setup["misconfigured_pool"], Logins=ada_logins)
assert (
    error_code(
        lambda: identity.get_credentials_for_identity(
            IdentityId=wrong_role["IdentityId"], Logins=ada_logins
        )
    )
    == "NotAuthorizedException"
), "a role whose trust policy refuses the token"
print(
    "tampered, revoked, missing Logins, guests where disabled, a role that does not trust "
    "the token: NotAuthorizedException"
)

# Role mapping: eve is in "editors", which the rules send to the editor role.
eve = sign_in("eve")
eve_id, eve_credentials = credentials_of(files, {provider: eve["IdToken"]})
eve_s3 = s3_for(eve_credentials)
eve_s3.put_object(Bucket="files", Key="public/from-eve.txt", Body=b"news")
eve_s3.put_object(Bucket="files", Key=f"private/{eve_id}/draft.txt", Body=b"draft")
print("role mapping: the editor writes public/")
print("boto3: all checks passed")
