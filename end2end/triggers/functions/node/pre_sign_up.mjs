// A pre sign-up trigger as the AWS documentation writes one: users of the company's own
// domain are confirmed and their email verified at once; one domain may not sign up.
export const handler = async (event, context) => {
  const email = event.request.userAttributes.email ?? "";
  const domain = email.split("@")[1];
  if (domain === "blocked.example") {
    throw new Error("Sign-ups from blocked.example are not allowed.");
  }
  if (domain === "company.example") {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};
