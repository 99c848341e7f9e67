// A user an administrator invites (AdminCreateUser through the AWS CLI) signs in on the
// hosted pages with the emailed temporary password and chooses a new one there.
import { cognitoIdp, defaultPool } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { messageFor, uniqueName } from "./outbox";
import { claim } from "./users";

test("an invited user chooses a new password on the pages and reaches the demo", async ({
  page,
  baseURL,
}) => {
  const username = uniqueName("invited");
  const email = `${username}@example.com`;
  const pool = await defaultPool(baseURL!);
  expect(pool).toMatch(/^local_/);
  await cognitoIdp(
    baseURL!,
    "admin-create-user",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--user-attributes",
    `Name=email,Value=${email}`,
  );
  const invitation = await messageFor(email);
  const temporary = invitation.match(/temporary password is (\S+)/)![1];
  const link = invitation.match(/https?:\/\/\S+(\/login\?username=\S+)/)![1];

  await page.goto(link);
  await waitForHydration(page);
  await expect(page.getByTestId(ids.usernameInput)).toHaveValue(username);
  await page.getByTestId(ids.passwordInput).fill(temporary);
  await page.getByTestId(ids.submitButton).click();

  await expect(page).toHaveURL(new RegExp(`/newPassword\\?username=${username}$`));
  await expect(page.getByTestId(ids.formNotice)).toContainText("Your password is temporary");
  await waitForHydration(page);
  await page.getByTestId(ids.passwordInput).fill("Brand-New-Pass-7");
  await page.getByTestId(ids.submitButton).click();

  await expect(page).toHaveURL(/\/demo$/);
  await expect(claim(page, "cognito:username")).toHaveText(username);
});
