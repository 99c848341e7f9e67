# A post confirmation trigger as the AWS documentation writes one: the new user's profile
# row goes to the app's own store (here, a JSON file per user in PROFILE_DIR).
import json
import os


def lambda_handler(event, context):
    attributes = event["request"]["userAttributes"]
    profile = {
        "sub": attributes["sub"],
        "email": attributes.get("email"),
        "status": attributes.get("cognito:user_status"),
        "source": event["triggerSource"],
        "pool": event["userPoolId"],
        "client": event["callerContext"]["clientId"],
    }
    path = os.path.join(os.environ["PROFILE_DIR"], f"{event['userName']}.json")
    with open(path, "w") as file:
        json.dump(profile, file)
    return event
