// The custom authentication example of the AWS documentation: SRP first, then one custom
// challenge (a question); three wrong answers end the sign-in.
export const handler = async (event) => {
  const session = event.request.session;
  if (session.length === 1 && session[0].challengeName === "SRP_A") {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = "PASSWORD_VERIFIER";
  } else if (
    session.length === 2 &&
    session[1].challengeName === "PASSWORD_VERIFIER" &&
    session[1].challengeResult === true
  ) {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = "CUSTOM_CHALLENGE";
  } else if (
    session.length > 0 &&
    session.at(-1).challengeName === "CUSTOM_CHALLENGE" &&
    session.at(-1).challengeResult === true
  ) {
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
  } else if (session.filter((s) => s.challengeName === "CUSTOM_CHALLENGE").length >= 3) {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
  } else if (session.length === 0 || session.at(-1).challengeName === "CUSTOM_CHALLENGE") {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = "CUSTOM_CHALLENGE";
  } else {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
  }
  return event;
};
