# A user migration trigger as the AWS documentation writes one: the old system (here, a
# table in the function) checks the password at sign-in, and knows the user at a reset.
OLD_SYSTEM = {
    "legacy.user@old.example": {"password": "Old-System-Pass-1", "name": "Legacy User"},
    "second.user@old.example": {"password": "Old-System-Pass-2", "name": "Second User"},
}


def authenticate(username, password):
    user = OLD_SYSTEM.get(username)
    if user is None or user["password"] != password:
        return None
    return user


def lambda_handler(event, context):
    username = event["userName"]
    if event["triggerSource"] == "UserMigration_Authentication":
        user = authenticate(username, event["request"]["password"])
        event["response"]["finalUserStatus"] = "CONFIRMED"
    else:  # UserMigration_ForgotPassword
        user = OLD_SYSTEM.get(username)
    if user is None:
        raise Exception("Bad password")
    event["response"]["userAttributes"] = {
        "email": username,
        "email_verified": "true",
        "name": user["name"],
    }
    event["response"]["messageAction"] = "SUPPRESS"
    return event
