# An inbound federation trigger: the provider's user's name, in capitals (the provider's
# username where it gives no name), and the email, are what the pool keeps. An OIDC
# provider's user is its ID token's claims; a SAML provider's, its response's attributes.
SAML_EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
SAML_GIVEN_NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"


def lambda_handler(event, context):
    attributes = event["request"]["attributes"]
    if event["request"]["providerType"] == "SAML":
        saml = attributes.get("samlResponse", {})
        email = saml.get(SAML_EMAIL, "")
        name = saml.get(SAML_GIVEN_NAME, "")
    else:
        claims = attributes.get("idToken", {})
        email = claims.get("email", "")
        name = claims.get("name") or claims.get("cognito:username", "")
    event["response"]["userAttributesToMap"] = {"email": email, "name": name.upper()}
    return event
