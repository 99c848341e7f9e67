# A define auth challenge trigger that never gives up: another question after each wrong
# answer, tokens after a right one. Cognate's own caps must end such a sign-in.
def lambda_handler(event, context):
    session = event["request"]["session"]
    if session and session[-1]["challengeResult"]:
        event["response"]["issueTokens"] = True
        event["response"]["failAuthentication"] = False
    else:
        event["response"]["issueTokens"] = False
        event["response"]["failAuthentication"] = False
        event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
    return event
