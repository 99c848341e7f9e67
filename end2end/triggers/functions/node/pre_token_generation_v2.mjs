// A pre token generation trigger, version 2, as the AWS documentation writes one: claims
// in both tokens, and the access token's scopes changed. The source is in a claim, so a
// test can see which event made the tokens.
export const handler = async (event) => {
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: {
        claimsToAddOrOverride: { family_name: "Override", source: event.triggerSource },
      },
      accessTokenGeneration: {
        claimsToAddOrOverride: {
          tenant: { id: "t-42", plan: "pro" },
          source: event.triggerSource,
        },
        scopesToAdd: ["notes/read"],
        scopesToSuppress: ["aws.cognito.signin.user.admin"],
      },
    },
  };
  return event;
};
