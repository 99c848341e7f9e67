// A user who forgot their password resets it with an emailed code.
import { test, expect, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { codeFor, uniqueName } from "./outbox";
import { PASSWORD, createConfirmedUser, signIn } from "./users";

// The refused sign-in with the old password is answered 401.
test.use({ expectedConsoleErrors: ["401", "/api/sign_in"] });

test("a forgotten password is reset with the emailed code; only the new one works", async ({
  page,
  request,
}) => {
  const { username, email } = await createConfirmedUser(request, uniqueName("reset"));
  const newPassword = "Brand-New-Pass-7";

  await page.goto("/login");
  await waitForHydration(page);
  await page.getByTestId(ids.forgotPasswordLink).click();
  await expect(page).toHaveURL(/\/forgotPassword$/);
  await waitForHydration(page);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.submitButton).click();

  await expect(page).toHaveURL(new RegExp(`/confirmForgotPassword\\?username=${username}$`));
  await expect(page.getByTestId(ids.usernameInput)).toHaveValue(username);
  // The second message to this address: the first was the sign-up code.
  const code = await codeFor(email, 2);
  await page.getByTestId(ids.codeInput).fill(code);
  await page.getByTestId(ids.passwordInput).fill(newPassword);
  await page.getByTestId(ids.submitButton).click();

  await expect(page).toHaveURL(/\/login\?username=.*reset=1$/);
  await expect(page.getByTestId(ids.formNotice)).toContainText("Your password has been reset");
  await waitForHydration(page);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();
  await expect(page.getByTestId(ids.formError)).toHaveText("Incorrect username or password.");
  await expect(page).toHaveURL(/\/login\?/);

  await signIn(page, username, newPassword);
  await expect(page.getByTestId(ids.demoClaims)).toContainText(username);
});
