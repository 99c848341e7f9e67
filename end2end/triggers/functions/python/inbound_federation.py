# An inbound federation trigger: the provider's user's name, in capitals (the provider's
# username where it gives no name), and the email, are what the pool keeps.
def lambda_handler(event, context):
    claims = event["request"]["attributes"].get("idToken", {})
    name = claims.get("name") or claims.get("cognito:username", "")
    event["response"]["userAttributesToMap"] = {
        "email": claims.get("email", ""),
        "name": name.upper(),
    }
    return event
