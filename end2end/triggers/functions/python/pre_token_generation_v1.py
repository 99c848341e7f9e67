# A pre token generation trigger, version 1, as the AWS documentation writes one: the ID
# token gets a claim, loses one, and the user's groups are replaced.
def lambda_handler(event, context):
    event["response"]["claimsOverrideDetails"] = {
        "claimsToAddOrOverride": {
            "my_first_attribute": "first_value",
            "tier": "gold",
        },
        "claimsToSuppress": ["email"],
        "groupOverrideDetails": {
            "groupsToOverride": ["readers", "writers"],
            "iamRolesToOverride": [],
            "preferredRole": "",
        },
    }
    return event
