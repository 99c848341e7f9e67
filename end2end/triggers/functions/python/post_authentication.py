# A post authentication trigger as the AWS documentation writes one: each sign-in is
# recorded (here, appended to SIGN_IN_LOG).
import json
import os


def lambda_handler(event, context):
    with open(os.environ["SIGN_IN_LOG"], "a") as log:
        log.write(json.dumps({
            "user": event["userName"],
            "email": event["request"]["userAttributes"].get("email"),
            "new_device": event["request"]["newDeviceUsed"],
            "source": event["triggerSource"],
        }) + "\n")
    return event
