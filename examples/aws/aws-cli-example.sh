#!/usr/bin/env bash
# The AWS CLI against Cognate: `--endpoint-url` is the only change. Credentials are the
# admin keys from the data directory (data/admin-credentials.json):
#
#   export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_DEFAULT_REGION=local
#   examples/aws/aws-cli-example.sh http://127.0.0.1:3000
#
# Makes a pool with a custom attribute and a domain, a client and a user, signs in, reads
# the user back, deletes the pool.
set -euo pipefail
endpoint=${1:-http://127.0.0.1:3000}
idp() { aws cognito-idp --endpoint-url "$endpoint" --output text "$@"; }

pool=$(idp create-user-pool --pool-name cli-example --query UserPool.Id \
  --schema '[{"Name": "team", "AttributeDataType": "String",
              "StringAttributeConstraints": {"MaxLength": "20"}}]')
trap 'idp delete-user-pool --user-pool-id "$pool"' EXIT
idp create-user-pool-domain --user-pool-id "$pool" --domain cli-example >/dev/null
echo "domain: $(idp describe-user-pool --user-pool-id "$pool" --query UserPool.Domain)"
client=$(idp create-user-pool-client --user-pool-id "$pool" --client-name cli \
  --explicit-auth-flows ALLOW_USER_PASSWORD_AUTH ALLOW_REFRESH_TOKEN_AUTH \
  --query UserPoolClient.ClientId)
idp admin-create-user --user-pool-id "$pool" --username grace \
  --user-attributes Name=email,Value=grace@example.com Name=custom:team,Value=compilers \
  --message-action SUPPRESS >/dev/null
idp admin-set-user-password --user-pool-id "$pool" --username grace \
  --password Correct-Horse-9 --permanent
token=$(idp initiate-auth --client-id "$client" --auth-flow USER_PASSWORD_AUTH \
  --auth-parameters USERNAME=grace,PASSWORD=Correct-Horse-9 \
  --query AuthenticationResult.AccessToken)
echo "signed in as $(idp get-user --access-token "$token" --query Username)"
echo "team: $(idp get-user --access-token "$token" \
  --query "UserAttributes[?Name=='custom:team'].Value")"
echo "pools: $(idp list-user-pools --max-results 60 --query 'UserPools[].Name')"
