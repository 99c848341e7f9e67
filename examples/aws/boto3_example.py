"""boto3 against Cognate: the only change from code written for Cognito is `endpoint_url`.

Credentials are the admin keys from the data directory (`data/admin-credentials.json`),
given the usual AWS way:

    export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=local
    python examples/aws/boto3_example.py http://127.0.0.1:3000

It makes a pool with custom attributes (its schema) and a domain, an app client, a user
with a permanent password, signs the user in, reads the user back with the access token,
lists users by email prefix, shows a value the schema refuses, and deletes the pool.
"""

import sys

import boto3

endpoint = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000"
idp = boto3.client("cognito-idp", endpoint_url=endpoint)

# A verified email signs in as well as the username (Cognito's AliasAttributes); two custom
# attributes with their types and constraints.
pool_id = idp.create_user_pool(
    PoolName="boto3-example",
    AliasAttributes=["email"],
    Schema=[
        {
            "Name": "team",
            "AttributeDataType": "String",
            "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"},
        },
        {
            "Name": "level",
            "AttributeDataType": "Number",
            "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "10"},
        },
    ],
)["UserPool"]["Id"]
try:
    # A prefix domain: Cognate's hosted pages serve it at its own URL.
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="boto3-example")
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    custom = sorted(
        a["Name"] for a in pool["SchemaAttributes"] if a["Name"].startswith("custom:")
    )
    print(f"domain: {pool['Domain']}")
    print("schema:", ", ".join(custom))

    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="script",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]

    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="ada",
        UserAttributes=[
            {"Name": "email", "Value": "ada@example.com"},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:team", "Value": "engines"},
            {"Name": "custom:level", "Value": "3"},
        ],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="ada", Password="Correct-Horse-9", Permanent=True
    )

    tokens = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ada@example.com", "PASSWORD": "Correct-Horse-9"},
    )["AuthenticationResult"]
    me = idp.get_user(AccessToken=tokens["AccessToken"])
    attributes = {a["Name"]: a["Value"] for a in me["UserAttributes"]}
    print(f"signed in as {me['Username']} ({attributes['email']})")
    print(f"team: {attributes['custom:team']}, level {attributes['custom:level']}")

    try:
        idp.update_user_attributes(
            AccessToken=tokens["AccessToken"],
            UserAttributes=[{"Name": "custom:level", "Value": "11"}],
        )
    except idp.exceptions.InvalidParameterException as error:
        print("level 11:", error.response["Error"]["Code"])

    found = idp.list_users(UserPoolId=pool_id, Filter='email ^= "ada"')["Users"]
    print("found:", ", ".join(user["Username"] for user in found))

    try:
        idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "ada", "PASSWORD": "wrong"},
        )
    except idp.exceptions.NotAuthorizedException as error:
        print("wrong password:", error.response["Error"]["Code"])
finally:
    idp.delete_user_pool(UserPoolId=pool_id)
