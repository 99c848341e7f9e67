// An app that signs its users in through OpenID Connect: the README's example relying
// party (examples/oidc/app.mjs, openid-client) on localhost, against the default app
// client. A new user signs up and confirms on the way; a second sign-in skips the form
// (single sign-on); signing out ends it.
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { codeFor, uniqueName } from "./outbox";
import { type RelyingParty, startRelyingParty } from "./relying-party";
import { PASSWORD } from "./users";

const appPort = 3417;
const app = `http://localhost:${appPort}`;
let relyingParty: RelyingParty | undefined;

test.beforeAll(async ({ baseURL }) => {
  relyingParty = await startRelyingParty(baseURL!, appPort);
});

test.afterAll(() => {
  relyingParty?.stop();
});

test("an app signs a new user up and in through OpenID Connect, with single sign-on and sign-out", async ({
  page,
}) => {
  const username = uniqueName("oidc");
  const email = `${username}@example.com`;
  const status = page.locator("#status");

  await page.goto(`${app}/`);
  await expect(status).toHaveText("Signed out");
  await page.locator("#login").click();

  // On Cognate's hosted pages: no account yet, so sign up and confirm on the way.
  await expect(page).toHaveURL(/\/login\?client_id=/);
  await waitForHydration(page);
  await page.getByTestId(ids.signUpLink).click();
  await expect(page).toHaveURL(/\/signup\?/);
  await waitForHydration(page);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.emailInput).fill(email);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();
  await expect(page).toHaveURL(/\/confirmUser\?/);
  await page.getByTestId(ids.codeInput).fill(await codeFor(email));
  await page.getByTestId(ids.submitButton).click();
  await expect(page).toHaveURL(/\/login\?.*confirmed=1/);
  await waitForHydration(page);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();

  // Back on the app, which exchanged the code and checked the ID token.
  await expect(page).toHaveURL(`${app}/`);
  await expect(status).toHaveText(`Signed in as ${email}`);

  // A second sign-in in the same browser goes straight through: no form is shown.
  const visited: string[] = [];
  page.on("framenavigated", (frame) => visited.push(frame.url()));
  await page.goto(`${app}/login`);
  await expect(page).toHaveURL(`${app}/`);
  await expect(status).toHaveText(`Signed in as ${email}`);
  expect(visited.filter((url) => url.includes("/login?"))).toEqual([]);

  // Signing out ends the session at Cognate too: the next sign-in asks again.
  await page.locator("#logout").click();
  await expect(page).toHaveURL(`${app}/`);
  await expect(status).toHaveText("Signed out");
  await page.locator("#login").click();
  await expect(page).toHaveURL(/\/login\?client_id=/);
  await expect(page.getByTestId(ids.passwordInput)).toBeVisible();
});
