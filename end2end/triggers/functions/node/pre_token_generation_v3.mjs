// A pre token generation trigger, version 3: machine-to-machine tokens get a claim too.
export const handler = async (event) => {
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: {
        claimsToAddOrOverride: { machine: event.callerContext.clientId, source: event.triggerSource },
      },
    },
  };
  return event;
};
