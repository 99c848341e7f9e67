// Two-step verification in the browser, with JavaScript on and off: a user turns on an
// authenticator app on /account (the test computes its codes from the key the page shows),
// signs out, signs in on /login with password and code, then through an app's OpenID
// Connect sign-in; another user signs in with a code emailed to them.
import { type Page } from "@playwright/test";
import { Authenticator } from "./authenticator";
import { cognitoIdp, defaultPool } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { codeFor, uniqueName } from "./outbox";
import { type RelyingParty, startRelyingParty } from "./relying-party";
import { PASSWORD, createConfirmedUser, signIn } from "./users";

let relyingParty: RelyingParty | undefined;

test.beforeAll(async ({ baseURL }, workerInfo) => {
  const pool = await defaultPool(baseURL!);
  // OPTIONAL: users without a second factor (every other spec's) still sign in with the
  // password alone.
  await cognitoIdp(
    baseURL!,
    "set-user-pool-mfa-config",
    "--user-pool-id",
    pool,
    "--mfa-configuration",
    "OPTIONAL",
    "--software-token-mfa-configuration",
    '{"Enabled":true}',
    "--email-mfa-configuration",
    '{"Subject":"Your sign-in code"}',
  );
  // Ports of its own: E2E_PORT + 20 and + 21 are the Lambda host's and the SAML IdP's.
  relyingParty = await startRelyingParty(baseURL!, 3470 + workerInfo.parallelIndex);
});

test.afterAll(() => {
  relyingParty?.stop();
});

// Waits for hydration where the page has JavaScript.
async function ready(page: Page, javaScript: boolean) {
  if (javaScript) await waitForHydration(page);
}

// On /mfa: the code, and on.
async function enterCode(page: Page, javaScript: boolean, code: string) {
  await ready(page, javaScript);
  await page.getByLabel(/^Code from/).fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    // The wrong code typed on purpose is answered 400 to the page's script.
    test.use({
      javaScriptEnabled: javaScript,
      expectedConsoleErrors: ["400 for", "status of 400"],
    });

    test("a user turns on an authenticator app, then signs in with it here and in an app", async ({
      page,
      request,
    }) => {
      // Three codes of three different 30-second steps: the last may wait for its step.
      test.setTimeout(120_000);
      const { username, email } = await createConfirmedUser(request, uniqueName("totp"));
      await signIn(page, username);
      await page.getByTestId(ids.accountLink).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId(ids.navAccount)).toHaveText(username);
      await expect(page.getByTestId(ids.appStatus)).toHaveText("Authenticator app: off");

      // Add the app: its key is on the page, with the same as a QR code.
      await ready(page, javaScript);
      await page.getByTestId(ids.addAppLink).click();
      await expect(page.getByTestId(ids.mfaQrCode)).toBeVisible();
      const app = new Authenticator((await page.getByTestId(ids.mfaSecret).textContent())!);
      await ready(page, javaScript);
      await page.getByLabel("Code from your authenticator app").fill("000000");
      await page.getByRole("button", { name: "Turn on the app" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();
      await page.getByLabel("Code from your authenticator app").fill(await app.nextCode());
      await page.getByRole("button", { name: "Turn on the app" }).click();
      await expect(page.getByTestId(ids.appStatus)).toHaveText(
        "Authenticator app: on (used first)",
      );

      // Signed out, the password alone no longer signs in: the app's code is asked for.
      await page.getByTestId(ids.navSignOut).click();
      await expect(page).toHaveURL(/\/login\?signed_out=1/);
      await page.goto("/login?next=%2Fdemo");
      await ready(page, javaScript);
      await page.getByTestId(ids.usernameInput).fill(username);
      await page.getByTestId(ids.passwordInput).fill(PASSWORD);
      await page.getByTestId(ids.submitButton).click();
      await expect(page).toHaveURL(/\/mfa\?.*step=app/);
      await expect(page.getByTestId(ids.pageTitle)).toHaveText("Enter your authentication code");
      await enterCode(page, javaScript, await app.nextCode());
      await expect(page).toHaveURL(/\/demo$/);
      await expect(page.getByTestId(ids.navAccount)).toHaveText(username);
      await page.getByTestId(ids.navSignOut).click();
      await expect(page).toHaveURL(/\/login\?signed_out=1/);

      // An app's OpenID Connect sign-in goes through the same step.
      const status = page.locator("#status");
      await page.goto(`${relyingParty!.url}/`);
      await page.locator("#login").click();
      await expect(page).toHaveURL(/\/login\?client_id=/);
      await ready(page, javaScript);
      await page.getByTestId(ids.usernameInput).fill(username);
      await page.getByTestId(ids.passwordInput).fill(PASSWORD);
      await page.getByTestId(ids.submitButton).click();
      await expect(page).toHaveURL(/\/mfa\?.*step=app/);
      await enterCode(page, javaScript, await app.nextCode());
      await expect(page).toHaveURL(`${relyingParty!.url}/`);
      await expect(status).toHaveText(`Signed in as ${email}`);
    });

    test("a user with email codes on signs in with the code emailed to them", async ({
      page,
      request,
    }) => {
      const { username, email } = await createConfirmedUser(request, uniqueName("otp"));
      await signIn(page, username);
      await page.goto("/account");
      await ready(page, javaScript);
      await page.getByRole("button", { name: "Turn on email codes" }).click();
      await expect(page.getByTestId(ids.emailCodesStatus)).toHaveText("Email codes: on");
      await page.getByTestId(ids.navSignOut).click();
      await expect(page).toHaveURL(/\/login\?signed_out=1/);

      await ready(page, javaScript);
      await page.getByTestId(ids.usernameInput).fill(username);
      await page.getByTestId(ids.passwordInput).fill(PASSWORD);
      await page.getByTestId(ids.submitButton).click();
      await expect(page).toHaveURL(/\/mfa\?.*step=email/);
      await expect(page.getByTestId(ids.pageTitle)).toHaveText("Check your email");
      // The first message was the sign-up's code; the second is the sign-in's.
      await enterCode(page, javaScript, await codeFor(email, 2));
      await expect(page).toHaveURL(/\/demo$/);
    });
  });
}
