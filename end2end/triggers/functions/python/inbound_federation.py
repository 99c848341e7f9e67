# An inbound federation trigger: the provider's display name becomes the user's name, in
# capitals, and the email is kept.
def lambda_handler(event, context):
    claims = event["request"]["attributes"].get("idToken", {})
    event["response"]["userAttributesToMap"] = {
        "email": claims.get("email", ""),
        "name": claims.get("name", "").upper(),
    }
    return event
