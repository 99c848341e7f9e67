// Federation in the browser: an app (the README's openid-client example) asks Cognate to
// sign its user in through an external OpenID Provider (npm's oidc-provider, which no one
// here wrote); the user signs in on the provider's own page and comes back signed in, as
// a pool user with Cognito's claims. A second sign-in goes through the hosted sign-in
// page's button and reuses the user; signing out works.
import { type Page } from "@playwright/test";
import { cognitoIdp, defaultPool } from "./aws";
import { expect, test } from "./fixtures";
import { type IdentityProvider, startIdentityProvider } from "./identity-provider";
import { ids } from "./ids";
import { uniqueName } from "./outbox";
import { type RelyingParty, startRelyingParty } from "./relying-party";

let provider: IdentityProvider | undefined;
let relyingParty: RelyingParty | undefined;
let providerName = "";
let pool = "";

test.beforeAll(async ({ baseURL }, workerInfo) => {
  const slot = workerInfo.parallelIndex;
  provider = await startIdentityProvider(baseURL!, 3440 + slot);
  pool = await defaultPool(baseURL!);
  providerName = `Idp${slot}${Date.now().toString(36)}`;
  await cognitoIdp(
    baseURL!,
    "create-identity-provider",
    "--user-pool-id",
    pool,
    "--provider-name",
    providerName,
    "--provider-type",
    "OIDC",
    "--provider-details",
    JSON.stringify({
      client_id: "cognate",
      client_secret: provider.secret,
      authorize_scopes: "openid email",
      oidc_issuer: provider.issuer,
    }),
    "--attribute-mapping",
    JSON.stringify({ email: "email" }),
  );
  const appPort = 3450 + slot;
  const client = await cognitoIdp(
    baseURL!,
    "create-user-pool-client",
    "--user-pool-id",
    pool,
    "--client-name",
    `federated ${providerName}`,
    "--allowed-o-auth-flows-user-pool-client",
    "--allowed-o-auth-flows",
    "code",
    "--allowed-o-auth-scopes",
    "openid",
    "email",
    "profile",
    "--supported-identity-providers",
    "COGNITO",
    providerName,
    "--callback-urls",
    JSON.stringify([`http://localhost:${appPort}/callback`]),
    "--logout-urls",
    JSON.stringify([`http://localhost:${appPort}/`]),
    "--query",
    "UserPoolClient.ClientId",
  );
  relyingParty = await startRelyingParty(baseURL!, appPort, client);
});

test.afterAll(() => {
  relyingParty?.stop();
  provider?.stop();
});

// The provider's own pages: its development sign-in (any login) and its consent — unless
// the provider still has the user signed in and goes straight back.
async function atTheProvider(page: Page, login: string) {
  await page.waitForURL(
    (url) => url.href.startsWith(provider!.issuer) || url.href.startsWith(relyingParty!.url),
  );
  if (!page.url().startsWith(provider!.issuer)) return;
  const loginField = page.getByPlaceholder("Enter any login");
  if (await loginField.isVisible()) {
    await loginField.fill(login);
    await page.getByPlaceholder("and password").fill("any password");
    await page.getByRole("button", { name: "Sign-in" }).click();
  }
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible()) await consent.click();
}

// The provider's page loads a web font from the Internet, which these machines cannot
// reach, and neither it nor the example app has a favicon.
test.use({
  expectedConsoleErrors: ["fonts.googleapis", "net::ERR", "favicon", "status of 404"],
});

test("an app signs a user in through an external OpenID Provider, twice, and out", async ({
  page,
}) => {
  const login = uniqueName("fed");
  const status = page.locator("#status");
  const claims = page.locator("#claims");

  // Straight to the provider: the app names it (identity_provider=).
  await page.goto(`${relyingParty!.url}/login?identity_provider=${providerName}`);
  await atTheProvider(page, login);
  await expect(page).toHaveURL(`${relyingParty!.url}/`);
  await expect(status).toHaveText(`Signed in as ${login}@idp.example`);
  const first = JSON.parse((await claims.textContent())!);
  expect(first["cognito:username"]).toBe(`${providerName}_${login}`);
  expect(first["cognito:groups"]).toContain(`${pool}_${providerName}`);
  expect(first.identities[0]).toMatchObject({
    userId: login,
    providerName,
    providerType: "OIDC",
  });

  // Signing out at the app ends Cognate's session too.
  await page.locator("#logout").click();
  await expect(page).toHaveURL(`${relyingParty!.url}/`);
  await expect(status).toHaveText("Signed out");

  // Again through Cognate's sign-in page and its button: the same pool user.
  await page.locator("#login").click();
  await expect(page).toHaveURL(/\/login\?client_id=/);
  await page
    .getByTestId(ids.providerButtons)
    .getByRole("link", { name: `Continue with ${providerName}` })
    .click();
  await atTheProvider(page, login);
  await expect(page).toHaveURL(`${relyingParty!.url}/`);
  await expect(status).toHaveText(`Signed in as ${login}@idp.example`);
  const second = JSON.parse((await claims.textContent())!);
  expect(second.sub).toBe(first.sub);
  expect(second["cognito:username"]).toBe(first["cognito:username"]);
});
