// A custom message trigger as the AWS documentation writes one.
export const handler = async (event) => {
  if (event.triggerSource === "CustomMessage_SignUp") {
    event.response.emailSubject = "Welcome to the service";
    event.response.emailMessage =
      `Thank you for signing up. ${event.request.codeParameter} is your verification code`;
  } else if (event.triggerSource === "CustomMessage_ForgotPassword") {
    event.response.emailSubject = "Reset your password";
    event.response.emailMessage = `Your reset code is ${event.request.codeParameter}`;
  } else if (event.triggerSource === "CustomMessage_AdminCreateUser") {
    event.response.emailSubject = "Your new account";
    event.response.emailMessage =
      `Welcome ${event.request.usernameParameter}. Your temporary password is ${event.request.codeParameter}`;
  }
  return event;
};
