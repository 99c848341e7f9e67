// Passkeys and passwordless sign-in in the browser, on a pool of its own (every first
// factor, passkeys for `localhost`), with Chromium's virtual authenticator (the DevTools
// WebAuthn domain) in place of a fingerprint: a password sign-in offers a passkey, the
// account page adds one, and, signed out, the user signs in with it on the hosted page and
// through an OAuth app's authorize → sign-in → code; an emailed code signs in from the
// page; without JavaScript the page says what to do.
//
// WebAuthn refuses IP addresses as relying parties: these pages are opened on `localhost`.
import type { Page } from "@playwright/test";
import { cognitoIdp } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { PASSWORD, adminCreatedUser } from "./users";
import { codeFor, uniqueName } from "./outbox";

test.describe.configure({ mode: "serial" });
// Refusals are answered 400 or 401 to the page's script.
test.use({
  expectedConsoleErrors: ["400 for", "401 for", "status of 400", "status of 401"],
});
const CALLBACK = "http://localhost:8080/callback";
// RFC 7636's example pair.
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
let pool = "";
let client = "";

function site(baseURL: string): string {
  return baseURL.replace("127.0.0.1", "localhost");
}

// A platform authenticator that verifies its user (as a fingerprint reader does) and
// answers at once.
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function newUser(endpoint: string, prefix: string): Promise<[string, string]> {
  return adminCreatedUser(endpoint, pool, prefix);
}

test.beforeAll(async ({ baseURL }) => {
  pool = await cognitoIdp(
    baseURL!,
    "create-user-pool",
    "--pool-name",
    uniqueName("passkeys"),
    "--auto-verified-attributes",
    "email",
    "--policies",
    JSON.stringify({
      SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN", "EMAIL_OTP"] },
    }),
    "--query",
    "UserPool.Id",
  );
  await cognitoIdp(
    baseURL!,
    "set-user-pool-mfa-config",
    "--user-pool-id",
    pool,
    "--mfa-configuration",
    "OFF",
    "--web-authn-configuration",
    "RelyingPartyId=localhost,UserVerification=required",
  );
  client = await cognitoIdp(
    baseURL!,
    "create-user-pool-client",
    "--user-pool-id",
    pool,
    "--client-name",
    "passkey app",
    "--explicit-auth-flows",
    "ALLOW_USER_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "--allowed-o-auth-flows-user-pool-client",
    "--allowed-o-auth-flows",
    "code",
    "--allowed-o-auth-scopes",
    "openid",
    "--callback-urls",
    JSON.stringify([CALLBACK]), // a URL alone the CLI would fetch
    "--supported-identity-providers",
    "COGNITO",
    "--query",
    "UserPoolClient.ClientId",
  );
});

test("a passkey added on the account page signs in on the hosted page and through an app", async ({
  page,
  baseURL,
}) => {
  const home = site(baseURL!);
  await virtualAuthenticator(page);
  const [username] = await newUser(baseURL!, "passkey");

  // A password sign-in offers a passkey first; "Not now" goes on.
  await page.goto(`${home}/login?client_id=${client}`);
  await waitForHydration(page);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();
  await expect(page.getByTestId(ids.pageTitle)).toHaveText("Sign in faster with a passkey");
  await page.getByTestId(ids.skipPasskeyLink).click();
  await expect(page).toHaveURL(/\/demo$/);

  // The account page adds one.
  await page.goto(`${home}/account`);
  await waitForHydration(page);
  await expect(page.getByText("You have no passkey yet.")).toBeVisible();
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId(ids.formNotice)).toContainText("Your passkey is added");
  const passkeys = page.getByTestId(ids.passkeyList);
  await expect(passkeys.locator("li")).toHaveCount(1);
  await expect(passkeys).toContainText("never used");

  // Signed out, the passkey signs in through the browser's passkey autofill: the page
  // asks with conditional mediation, and the authenticator (which needs no touch here)
  // answers; no password, no click.
  await page.goto(`${home}/logout`);
  await page.goto(`${home}/login?client_id=${client}`);
  await expect(page).toHaveURL(/\/demo$/);
  await page.goto(`${home}/account`);
  await expect(page.getByTestId(ids.passkeyList)).toContainText("last used");

  // A browser without the autofill: the button.
  await page.addInitScript(() => {
    if (typeof PublicKeyCredential !== "undefined") {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    }
  });
  await page.goto(`${home}/logout`);
  await page.goto(`${home}/login?client_id=${client}`);
  await waitForHydration(page);
  await expect(page.getByTestId(ids.usernameInput)).toHaveAttribute(
    "autocomplete",
    "username webauthn",
  );
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/demo$/);

  // An app's sign-in: authorize → the hosted page → the passkey → the app's code.
  await page.goto(`${home}/logout`);
  await page.route(`${CALLBACK}**`, (route) =>
    route.fulfill({ status: 200, contentType: "text/plain", body: "the app" }),
  );
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client,
    redirect_uri: CALLBACK,
    scope: "openid",
    state: "s1",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
  });
  await page.goto(`${home}/oauth2/authorize?${query}`);
  await expect(page.getByTestId(ids.pageTitle)).toHaveText("Sign in");
  await waitForHydration(page);
  const called = page.waitForRequest((request) => request.url().startsWith(CALLBACK));
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  const callback = new URL((await called).url());
  // The browser has left for the app (whatever the app's page shows) before going on.
  await expect.poll(() => page.url()).not.toContain(":3400/");
  expect(callback.searchParams.get("state")).toBe("s1");
  const code = callback.searchParams.get("code");
  expect(code, "a code for the app").toBeTruthy();
  const tokens = await page.request.post(`${home}/oauth2/token`, {
    form: {
      grant_type: "authorization_code",
      client_id: client,
      code: code!,
      redirect_uri: CALLBACK,
      code_verifier: VERIFIER,
    },
  });
  expect(tokens.status()).toBe(200);
  const claims = JSON.parse(
    Buffer.from((await tokens.json()).id_token.split(".")[1], "base64url").toString(),
  );
  expect(claims["cognito:username"]).toBe(username);

  // Deleted, it signs in no more.
  await page.goto(`${home}/login?client_id=${client}`);
  await waitForHydration(page);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();
  await expect(page).toHaveURL(/\/demo$/);
  await page.goto(`${home}/account`);
  await waitForHydration(page);
  await page.getByRole("button", { name: /^Delete the passkey/ }).click();
  await expect(page.getByTestId(ids.formNotice)).toContainText("The passkey is deleted");
  await page.goto(`${home}/logout`);
  await page.goto(`${home}/login?client_id=${client}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByText("That passkey did not sign you in")).toBeVisible();
});

test("an emailed code signs in from the hosted page, and for an app", async ({
  page,
  baseURL,
}) => {
  const home = site(baseURL!);
  const [username, email] = await newUser(baseURL!, "emailed");
  await page.goto(`${home}/login?client_id=${client}`);
  await waitForHydration(page);
  await page.getByLabel("Username or email for a sign-in code").fill(username);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByTestId(ids.pageTitle)).toHaveText("Check your email");
  await waitForHydration(page);
  await page.getByLabel(/^Code from/).fill(await codeFor(email, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/demo$/);

  // An app's sign-in: authorize → "Email me a code" → the code → the app's callback.
  await page.goto(`${home}/logout`);
  await page.route(`${CALLBACK}**`, (route) =>
    route.fulfill({ status: 200, contentType: "text/plain", body: "the app" }),
  );
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client,
    redirect_uri: CALLBACK,
    scope: "openid",
    state: "s2",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
  });
  await page.goto(`${home}/oauth2/authorize?${query}`);
  await waitForHydration(page);
  await page.getByLabel("Username or email for a sign-in code").fill(username);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByTestId(ids.pageTitle)).toHaveText("Check your email");
  await waitForHydration(page);
  await page.getByLabel(/^Code from/).fill(await codeFor(email, 2));
  const called = page.waitForRequest((request) => request.url().startsWith(CALLBACK));
  await page.getByRole("button", { name: "Verify" }).click();
  const callback = new URL((await called).url());
  expect(callback.searchParams.get("state")).toBe("s2");
  expect(callback.searchParams.get("code"), "a code for the app").toBeTruthy();
  await expect.poll(() => page.url()).not.toContain(":3400/");
});

test("without JavaScript the sign-in page says how to sign in without a passkey", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${site(baseURL!)}/login?client_id=${client}`);
  await expect(page.getByTestId(ids.passkeySignIn)).toContainText(
    "Signing in with a passkey needs JavaScript",
  );
  // The emailed code's form posts without it.
  await expect(page.getByRole("button", { name: "Email me a code" })).toBeVisible();
  await context.close();
});
