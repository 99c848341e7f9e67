// Threat protection in the browser, on a pool of its own with threat protection ENFORCED:
// a sign-in from a new device and browser is asked for the emailed code and the user is
// emailed a notice whose "not me" link leads to the feedback page; the account page lists
// the sign-ins and remembered devices and forgets one; an address on the pool's block list
// gets the block message. The remembered device itself is confirmed and used by pycognito
// (PyPI), a client library that implements Cognito's device SRP
// (end2end/threat/remembered_device.py).
import { join } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { cognitoIdp, environment, root, run, venv } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { PASSWORD, adminCreatedUser } from "./users";
import { codeFor, messageFor, uniqueName } from "./outbox";

test.describe.configure({ mode: "serial" });
// Refusals (a used link, a blocked sign-in) are answered 400 or 401 to the page's script.
test.use({
  expectedConsoleErrors: ["400 for", "401 for", "status of 400", "status of 401"],
});
const FIREFOX_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
let pool = "";
let client = "";

// The risk configuration: MEDIUM asks for a second factor where the user has one (and
// emails a notice), HIGH blocks; `blocked` ranges are refused before any score.
async function riskConfiguration(endpoint: string, blocked: string[] = []) {
  const args = [
    "set-risk-configuration",
    "--user-pool-id",
    pool,
    "--account-takeover-risk-configuration",
    JSON.stringify({
      NotifyConfiguration: {
        SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/security@corp.example",
      },
      Actions: {
        LowAction: { Notify: false, EventAction: "NO_ACTION" },
        MediumAction: { Notify: true, EventAction: "MFA_IF_CONFIGURED" },
        HighAction: { Notify: true, EventAction: "BLOCK" },
      },
    }),
  ];
  if (blocked.length > 0) {
    args.push(
      "--risk-exception-configuration",
      JSON.stringify({ BlockedIPRangeList: blocked }),
    );
  }
  await cognitoIdp(endpoint, ...args);
}

async function newUser(endpoint: string, prefix: string): Promise<[string, string]> {
  return adminCreatedUser(endpoint, pool, prefix);
}

async function signIn(page: Page, username: string) {
  await page.goto(`/login?client_id=${client}`);
  await waitForHydration(page);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();
}

async function enterCode(page: Page, code: string) {
  await expect(page.getByTestId(ids.pageTitle)).toHaveText("Check your email");
  await waitForHydration(page);
  await page.getByLabel(/^Code from/).fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

// A browser that has never been here: no device cookie, and another user agent.
async function newDevice(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ userAgent: FIREFOX_ON_WINDOWS });
  return context.newPage();
}

test.beforeAll(async ({ baseURL }) => {
  pool = await cognitoIdp(
    baseURL!,
    "create-user-pool",
    "--pool-name",
    uniqueName("threat"),
    "--auto-verified-attributes",
    "email",
    "--user-pool-add-ons",
    "AdvancedSecurityMode=ENFORCED",
    "--device-configuration",
    "ChallengeRequiredOnNewDevice=true,DeviceOnlyRememberedOnUserPrompt=false",
    "--query",
    "UserPool.Id",
  );
  await cognitoIdp(
    baseURL!,
    "set-user-pool-mfa-config",
    "--user-pool-id",
    pool,
    "--mfa-configuration",
    "OPTIONAL",
    "--email-mfa-configuration",
    JSON.stringify({ Message: "Your sign-in code is {####}", Subject: "Your sign-in code" }),
  );
  client = await cognitoIdp(
    baseURL!,
    "create-user-pool-client",
    "--user-pool-id",
    pool,
    "--client-name",
    "threat app",
    "--explicit-auth-flows",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "--allowed-o-auth-flows-user-pool-client",
    "--allowed-o-auth-flows",
    "code",
    "--allowed-o-auth-scopes",
    "openid",
    "--callback-urls",
    JSON.stringify(["http://localhost/callback"]), // a URL alone the CLI would fetch
    "--supported-identity-providers",
    "COGNITO",
    "--query",
    "UserPoolClient.ClientId",
  );
  await riskConfiguration(baseURL!);
});

test("a sign-in from a new device and browser asks for the emailed code, and the user says it was not them", async ({
  page,
  browser,
  baseURL,
}) => {
  const [username, email] = await newUser(baseURL!, "risky");
  // The first sign-in is what later ones are compared with.
  await signIn(page, username);
  await expect(page).toHaveURL(/\/demo$/);
  await page.goto("/account");
  await expect(page.getByTestId(ids.signInHistory)).toContainText("Signed in");

  const stranger = await newDevice(browser);
  await signIn(stranger, username);
  await enterCode(stranger, await codeFor(email, 1));
  await expect(stranger).toHaveURL(/\/demo$/);
  await stranger.goto("/account");
  const history = stranger.getByTestId(ids.signInHistory);
  await expect(history.locator("tbody tr")).toHaveCount(2);
  await expect(history.locator("tbody tr").first()).toContainText("Firefox on Windows");
  await expect(history.locator("tbody tr.risky")).toHaveCount(1);

  // The notice came with the code; its "not me" link opens the feedback page.
  const notice = await messageFor(email, 2);
  expect(notice).toContain("New sign-in activity");
  const unfolded = notice.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const link = unfolded.match(/http\S+feedback_value=invalid/)?.[0];
  expect(link, "a not-me link").toBeTruthy();
  await page.goto(link!.replace(/^http:\/\/[^/]+/, ""));
  await waitForHydration(page);
  await expect(page.getByTestId(ids.pageTitle)).toHaveText("Was this you?");
  await page.getByTestId(ids.feedbackInvalid).click();
  await expect(page.getByTestId(ids.feedbackDone)).toContainText("was not you");
  const feedback = await cognitoIdp(
    baseURL!,
    "admin-list-user-auth-events",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--query",
    "AuthEvents[0].EventFeedback.FeedbackValue",
  );
  expect(feedback).toBe("Invalid");
  // The link is used once.
  await page.goto(link!.replace(/^http:\/\/[^/]+/, ""));
  await waitForHydration(page);
  await page.getByTestId(ids.feedbackInvalid).click();
  await expect(page.getByRole("alert").filter({ hasText: "used already" })).toBeVisible();
});

test("an address on the pool's block list gets the block message", async ({ page, baseURL }) => {
  const [username] = await newUser(baseURL!, "blocked");
  await riskConfiguration(baseURL!, ["127.0.0.0/8"]);
  try {
    await signIn(page, username);
    await expect(
      page.getByRole("alert").filter({ hasText: "blocked for your account's safety" }),
    ).toBeVisible();
  } finally {
    await riskConfiguration(baseURL!);
  }
});

test("pycognito remembers a device that skips the code, and the account page forgets it", async ({
  page,
  baseURL,
}) => {
  const [username, email] = await newUser(baseURL!, "device");
  const { stdout } = await run(
    join(venv, "python"),
    [
      join(root, "end2end", "threat", "remembered_device.py"),
      baseURL!,
      pool,
      client,
      username,
      PASSWORD,
    ],
    { env: environment() },
  );
  expect(stdout).toContain("asks the user: False");
  expect(stdout).toContain("without the device: EMAIL_OTP");
  expect(stdout).toContain("on the device: signed in (True)");
  expect(stdout).toContain("devices listed: 1");
  expect(stdout).toContain("wrong device password: NotAuthorizedException");

  // The user's email codes are on now (the script turned them on): the browser, a new
  // device, is asked for one; the script's sign-in without the device asked for the first.
  await signIn(page, username);
  await enterCode(page, await codeFor(email, 2));
  await expect(page).toHaveURL(/\/demo$/);
  await page.goto("/account");
  const devices = page.getByTestId(ids.deviceList);
  await expect(devices).toContainText("pycognito laptop");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Forget pycognito laptop" }).click();
  await expect(page.getByText("The device is forgotten")).toBeVisible();
  await expect(page.getByText("No device is remembered.")).toBeVisible();
  const left = await cognitoIdp(
    baseURL!,
    "admin-list-devices",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--query",
    "length(Devices)",
  );
  expect(left).toBe("0");
});
