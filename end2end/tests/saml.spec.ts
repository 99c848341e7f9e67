// SAML federation in the browser: a company's identity provider (PyPI's pysaml2 signing and
// encrypting with Debian's xmlsec1, started by scripts/saml-idp.sh on E2E_PORT + 21) is set
// up in Cognate by its metadata URL, the way an administrator sets up Entra ID or Okta, with
// encrypted responses, IdP-initiated sign-in and single logout on. An app (the README's
// openid-client example) signs users in through it: straight to the provider, through the
// hosted page's corporate email, and from the IdP's side; signing out at the app signs the
// user out at the IdP too.
import { join } from "node:path";
import { cognitoIdp, defaultPool, root, run } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { uniqueName } from "./outbox";
import { type RelyingParty, startRelyingParty } from "./relying-party";

test.describe.configure({ mode: "serial" });
const idpPort = Number(process.env.E2E_PORT ?? 3400) + 21;
const idp = `http://127.0.0.1:${idpPort}`;
const state = join(root, "target", "e2e-saml");
const script = join(root, "scripts", "saml-idp.sh");
const EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
const GIVEN_NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";
const appPort = 3460;
// Where an IdP-initiated sign-in's code goes: caught by the test (page.route), not served.
const landing = "http://localhost:9/landing";
let relyingParty: RelyingParty | undefined;
let pool = "";
let provider = "";
let domain = "";
let landingClient = "";
let landingSecret = "";

// The IdP's pages have no favicon.
test.use({ expectedConsoleErrors: ["favicon", "status of 404"] });

test.beforeAll(async ({ baseURL }, testInfo) => {
  testInfo.setTimeout(90_000);
  await run("rm", ["-rf", state]);
  await run(script, ["start", state, String(idpPort)]);
  pool = await defaultPool(baseURL!);
  provider = `Corp${Date.now().toString(36)}`;
  domain = `${provider.toLowerCase()}.example`;
  await cognitoIdp(
    baseURL!,
    "create-identity-provider",
    "--user-pool-id",
    pool,
    "--provider-name",
    provider,
    "--provider-type",
    "SAML",
    "--provider-details",
    JSON.stringify({
      MetadataURL: `${idp}/metadata`,
      EncryptedResponses: "true",
      IDPSignout: "true",
      IDPInit: "true",
    }),
    "--attribute-mapping",
    JSON.stringify({ email: EMAIL, given_name: GIVEN_NAME }),
    "--idp-identifiers",
    domain,
  );
  const client = await cognitoIdp(
    baseURL!,
    "create-user-pool-client",
    "--user-pool-id",
    pool,
    "--client-name",
    `saml ${provider}`,
    "--allowed-o-auth-flows-user-pool-client",
    "--allowed-o-auth-flows",
    "code",
    "--allowed-o-auth-scopes",
    "openid",
    "email",
    "profile",
    "--supported-identity-providers",
    "COGNITO",
    provider,
    "--callback-urls",
    JSON.stringify([`http://localhost:${appPort}/callback`]),
    "--logout-urls",
    JSON.stringify([`http://localhost:${appPort}/`]),
    "--query",
    "UserPoolClient.ClientId",
  );
  const landingApp = JSON.parse(
    await cognitoIdp(
      baseURL!,
      "create-user-pool-client",
      "--user-pool-id",
      pool,
      "--client-name",
      `saml landing ${provider}`,
      "--generate-secret",
      "--allowed-o-auth-flows-user-pool-client",
      "--allowed-o-auth-flows",
      "code",
      "--allowed-o-auth-scopes",
      "openid",
      "email",
      "--supported-identity-providers",
      provider,
      "--callback-urls",
      JSON.stringify([landing]),
      "--query",
      "UserPoolClient.[ClientId, ClientSecret]",
      "--output",
      "json",
    ),
  );
  [landingClient, landingSecret] = landingApp;
  // What the administrator gives the IdP: the pool's entity ID, its ACS and logout URLs,
  // its signing certificate, and the certificate to encrypt to.
  const details = JSON.parse(
    await cognitoIdp(
      baseURL!,
      "describe-identity-provider",
      "--user-pool-id",
      pool,
      "--provider-name",
      provider,
      "--query",
      "IdentityProvider.ProviderDetails",
      "--output",
      "json",
    ),
  );
  const certificate = await cognitoIdp(
    baseURL!,
    "get-signing-certificate",
    "--user-pool-id",
    pool,
    "--query",
    "Certificate",
  );
  const registered = await fetch(`${idp}/sp`, {
    method: "POST",
    body: JSON.stringify({
      entity_id: `urn:amazon:cognito:sp:${pool}`,
      acs: `${baseURL}/saml2/idpresponse`,
      slo: `${baseURL}/saml2/logout`,
      certificate,
      encryption_certificate: details.ActiveEncryptionCertificate,
    }),
  });
  expect(registered.ok).toBe(true);
  relyingParty = await startRelyingParty(baseURL!, appPort, client);
});

test.afterAll(async () => {
  relyingParty?.stop();
  await run(script, ["stop", state]);
});

async function signInAtTheIdp(page: import("@playwright/test").Page, user: string) {
  await page.waitForURL((url) => url.href.startsWith(`${idp}/sso`));
  await expect(page.getByRole("heading", { name: "Corp sign-in" })).toBeVisible();
  await page.getByLabel("Corp username").fill(user);
  await page.getByRole("button", { name: "Sign in to Corp" }).click();
}

test("a company user signs in through SAML from the app, and signing out signs out at the IdP", async ({
  page,
}) => {
  const user = uniqueName("alice");
  const status = page.locator("#status");
  await page.goto(`${relyingParty!.url}/login?identity_provider=${provider}`);
  await signInAtTheIdp(page, user);
  await expect(page).toHaveURL(`${relyingParty!.url}/`);
  await expect(status).toHaveText(`Signed in as ${user}@corp.example`);
  const claims = JSON.parse((await page.locator("#claims").textContent())!);
  expect(claims["cognito:username"]).toBe(`${provider}_${user}@corp.example`);
  expect(claims["cognito:groups"]).toContain(`${pool}_${provider}`);
  expect(claims.identities[0]).toMatchObject({
    userId: `${user}@corp.example`,
    providerName: provider,
    providerType: "SAML",
  });
  // The IdP encrypted its assertion to the certificate Cognate gave it.
  const log = (await (await fetch(`${idp}/log`)).text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  expect(log.find((entry) => entry.kind === "Response" && entry.user === user)).toMatchObject({
    encrypted: true,
  });

  // Signing out at the app goes through the IdP's logout service and back.
  const idpSawTheSignOut = page.waitForRequest((request) => request.url().startsWith(`${idp}/slo`));
  await page.locator("#logout").click();
  await idpSawTheSignOut;
  await expect(page).toHaveURL(`${relyingParty!.url}/`);
  await expect(status).toHaveText("Signed out");
});

test("the hosted sign-in page sends a corporate email to its company's IdP", async ({ page }) => {
  const user = uniqueName("bo");
  await page.goto(`${relyingParty!.url}/login`);
  await expect(page).toHaveURL(/\/login\?client_id=/);
  await waitForHydration(page);
  const corporate = page.getByTestId(ids.corporateSignIn);
  await corporate.getByLabel("Corporate email").fill(`${user}@${domain.toUpperCase()}`);
  await corporate.getByRole("button", { name: "Sign in with your corporate ID" }).click();
  await signInAtTheIdp(page, user);
  await expect(page).toHaveURL(`${relyingParty!.url}/`);
  await expect(page.locator("#status")).toHaveText(`Signed in as ${user}@corp.example`);
});

test("an administrator links a company user to an existing pool user", async ({
  page,
  baseURL,
}) => {
  const existing = uniqueName("existing");
  const user = uniqueName("carol");
  await cognitoIdp(baseURL!, "admin-create-user", "--user-pool-id", pool, "--username", existing);
  await cognitoIdp(
    baseURL!,
    "admin-link-provider-for-user",
    "--user-pool-id",
    pool,
    "--destination-user",
    `ProviderName=Cognito,ProviderAttributeValue=${existing}`,
    "--source-user",
    `ProviderName=${provider},ProviderAttributeName=Cognito_Subject,ProviderAttributeValue=${user}@corp.example`,
  );
  await page.goto(`${relyingParty!.url}/login?identity_provider=${provider}`);
  await signInAtTheIdp(page, user);
  await expect(page).toHaveURL(`${relyingParty!.url}/`);
  const claims = JSON.parse((await page.locator("#claims").textContent())!);
  expect(claims["cognito:username"]).toBe(existing);
  expect(claims.email).toBe(`${user}@corp.example`);
});

test("a sign-in started at the IdP lands in the app with a code", async ({ page, baseURL }) => {
  const user = uniqueName("dana");
  const relayState = new URLSearchParams({
    client_id: landingClient,
    redirect_uri: landing,
    response_type: "code",
    scope: "openid email",
    identity_provider: provider,
    state: "from-the-idp",
  }).toString();
  let landed = "";
  await page.route(`${landing}**`, async (route) => {
    landed = route.request().url();
    await route.fulfill({ body: "<!DOCTYPE html><title>Landed</title><p>landed</p>" });
  });
  const init = new URLSearchParams({
    as: user,
    sp: `urn:amazon:cognito:sp:${pool}`,
    relay_state: relayState,
  });
  await page.goto(`${idp}/init?${init}`);
  await expect(page.getByText("landed")).toBeVisible();
  const callback = new URL(landed);
  expect(callback.searchParams.get("state")).toBe("from-the-idp");
  const code = callback.searchParams.get("code");
  expect(code).toBeTruthy();
  const tokens = await fetch(`${baseURL}/oauth2/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${landingClient}:${landingSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: code!,
      redirect_uri: landing,
    }),
  }).then((answer) => answer.json());
  const claims = JSON.parse(Buffer.from(tokens.id_token.split(".")[1], "base64url").toString());
  expect(claims["cognito:username"]).toBe(`${provider}_${user}@corp.example`);
  expect(claims.email).toBe(`${user}@corp.example`);
});
