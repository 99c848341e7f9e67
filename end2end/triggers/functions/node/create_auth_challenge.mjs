// The custom authentication example's question: the answer stays private.
export const handler = async (event) => {
  if (event.request.challengeName === "CUSTOM_CHALLENGE") {
    event.response.publicChallengeParameters = { question: "What is 6 x 7?" };
    event.response.privateChallengeParameters = { answer: "42" };
    event.response.challengeMetadata = "QUESTION_CHALLENGE";
  }
  return event;
};
