// A pre authentication trigger as the AWS documentation writes one: sign-ins may be
// refused before the password is checked. Here, an app may say it is in maintenance
// (ClientMetadata reaches the trigger as validationData), and suspended users are refused.
export const handler = async (event) => {
  if (event.request.validationData?.maintenance === "true") {
    throw new Error("Sign-in is paused for maintenance.");
  }
  if (event.request.userAttributes["custom:suspended"] === "yes") {
    throw new Error("This account is suspended.");
  }
  return event;
};
