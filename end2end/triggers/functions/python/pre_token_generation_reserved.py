# A pre token generation trigger that tries to change a claim Cognito keeps for itself.
def lambda_handler(event, context):
    event["response"]["claimsOverrideDetails"] = {
        "claimsToAddOrOverride": {"sub": "someone-else"},
    }
    return event
