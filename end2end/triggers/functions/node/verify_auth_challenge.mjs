// The custom authentication example's check of the answer.
export const handler = async (event) => {
  event.response.answerCorrect =
    event.request.privateChallengeParameters.answer === event.request.challengeAnswer;
  return event;
};
