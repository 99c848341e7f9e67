// Triggers through the hosted pages: a pool whose pre sign-up and user migration functions
// (end2end/triggers/functions, run by AWS's runtime interface clients behind the Lambda host
// that scripts/lambda-host.sh starts on E2E_PORT + 20) refuse a sign-up on the form, and
// bring a user of the old system in at their first sign-in on the login page.
import { join } from "node:path";
import { cognitoIdp, root, run } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { uniqueName } from "./outbox";
import { claim } from "./users";

test.describe.configure({ mode: "serial" });
const lambdaPort = Number(process.env.E2E_PORT ?? 3400) + 20;
const state = join(root, "target", "e2e-triggers");
const host = join(root, "scripts", "lambda-host.sh");
const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
let client = "";

// The refused sign-up is answered 400 (the form shows why).
test.use({ expectedConsoleErrors: ["400 for", "status of 400"] });

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(60_000);
  const baseURL = testInfo.project.use.baseURL!;
  await run("rm", ["-rf", state]);
  await run(host, ["start", state, String(lambdaPort)]);
  const pool = await cognitoIdp(
    baseURL,
    "create-user-pool",
    "--pool-name",
    uniqueName("triggers"),
    "--username-attributes",
    "email",
    "--auto-verified-attributes",
    "email",
    "--lambda-config",
    JSON.stringify({ PreSignUp: arn("pre-sign-up"), UserMigration: arn("user-migration") }),
    "--query",
    "UserPool.Id",
  );
  client = await cognitoIdp(
    baseURL,
    "create-user-pool-client",
    "--user-pool-id",
    pool,
    "--client-name",
    "hosted",
    "--explicit-auth-flows",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "--allowed-o-auth-flows-user-pool-client",
    "--allowed-o-auth-flows",
    "code",
    "--allowed-o-auth-scopes",
    "openid",
    "email",
    "--supported-identity-providers",
    "COGNITO",
    "--callback-urls",
    JSON.stringify(["http://localhost/callback"]),
    "--query",
    "UserPoolClient.ClientId",
  );
});

test.afterAll(async () => {
  await run(host, ["stop", state]);
});

test("the pre sign-up function's refusal is shown on the sign-up form", async ({ page }) => {
  await page.goto(`/signup?client_id=${client}`);
  await waitForHydration(page);
  // The pool's users sign up with their email: it is the only name asked for.
  await expect(page.getByTestId(ids.usernameInput)).toHaveCount(0);
  await page.getByTestId(ids.emailInput).fill("bob@blocked.example");
  await page.getByTestId(ids.passwordInput).fill("Blocked-Domain-42");
  await page.getByTestId(ids.submitButton).click();
  await expect(page.getByTestId(ids.formError)).toHaveText(
    "Sign-ups from blocked.example are not allowed.",
  );
  await expect(page).toHaveURL(/\/signup/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a user of the old system signs in on the login page and is migrated", async ({ page }) => {
    await page.goto(`/login?client_id=${client}`);
    await page.getByTestId(ids.usernameInput).fill("legacy.user@old.example");
    await page.getByTestId(ids.passwordInput).fill("Old-System-Pass-1");
    await page.getByTestId(ids.submitButton).click();
    await expect(page).toHaveURL(/\/demo$/);
    await expect(claim(page, "email")).toHaveText("legacy.user@old.example");
    await expect(claim(page, "name")).toHaveText("Legacy User");
  });
});
