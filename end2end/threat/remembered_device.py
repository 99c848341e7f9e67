"""A remembered device, driven by pycognito (PyPI), a client library that implements
Cognito's device SRP, against Cognate at the endpoint given: the user signs in with SRP,
the device the sign-in was given is confirmed (pycognito's own verifier), then with email
codes turned on for the user a sign-in without the device is asked for a code and one on the
device signs in with the device's proof instead. Prints one line per step for the test to
read; the pool, client and user are the test's (argv: endpoint pool client username
password). Credentials are the admin keys, the usual AWS way.
"""

import sys

import boto3
from pycognito.aws_srp import AWSSRP, generate_hash_device

endpoint, pool_id, client_id, username, password = sys.argv[1:6]
idp = boto3.client("cognito-idp", endpoint_url=endpoint)


def srp(**device):
    return AWSSRP(
        username=username,
        password=password,
        pool_id=pool_id,
        client_id=client_id,
        client=idp,
        **device,
    )


tokens = srp().authenticate_user()
result = tokens["AuthenticationResult"]
device_key = result["NewDeviceMetadata"]["DeviceKey"]
group_key = result["NewDeviceMetadata"]["DeviceGroupKey"]
device_password, verifier = generate_hash_device(group_key, device_key)
confirmed = idp.confirm_device(
    AccessToken=result["AccessToken"],
    DeviceKey=device_key,
    DeviceSecretVerifierConfig=verifier,
    DeviceName="pycognito laptop",
)
print(f"device confirmed: {device_key} (asks the user: {confirmed['UserConfirmationNecessary']})")

# From now on the user's sign-ins need an emailed code.
idp.admin_set_user_mfa_preference(
    UserPoolId=pool_id,
    Username=username,
    EmailMfaSettings={"Enabled": True, "PreferredMfa": True},
)
without = srp().authenticate_user()
print(f"without the device: {without.get('ChallengeName')}")

device = {
    "device_key": device_key,
    "device_group_key": group_key,
    "device_password": device_password,
}
on_device = srp(**device).authenticate_user()
access = on_device["AuthenticationResult"]["AccessToken"]
print(f"on the device: signed in ({'AccessToken' in on_device['AuthenticationResult']})")
listed = idp.list_devices(AccessToken=access)["Devices"]
print(f"devices listed: {len(listed)}")

try:
    srp(**{**device, "device_password": "not-the-device-password"}).authenticate_user()
    print("wrong device password: signed in")
except idp.exceptions.NotAuthorizedException:
    print("wrong device password: NotAuthorizedException")
print(f"device key: {device_key}")
