// The README's boto3 and AWS CLI examples (examples/aws), run as written against the
// server under test with the admin keys it generated: proof that code written for
// Cognito works by changing only the endpoint. scripts/setup.sh aws-clients installs the
// pinned clients into target/aws-clients.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";

const root = join(__dirname, "..", "..");
const venv = join(root, "target", "aws-clients", "bin");
const run = promisify(execFile);

function environment(): NodeJS.ProcessEnv {
  const keys = JSON.parse(
    readFileSync(join(root, "target", "e2e-data", "admin-credentials.json"), "utf8"),
  );
  return {
    ...process.env,
    PATH: `${venv}:${process.env.PATH}`,
    AWS_ACCESS_KEY_ID: keys.access_key_id,
    AWS_SECRET_ACCESS_KEY: keys.secret_access_key,
    AWS_DEFAULT_REGION: "local",
    // Nothing from the machine's own AWS set-up.
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };
}

test("the README's boto3 example signs a user in", async ({ baseURL }) => {
  const { stdout } = await run(
    join(venv, "python"),
    [join(root, "examples", "aws", "boto3_example.py"), baseURL!],
    { env: environment() },
  );
  expect(stdout).toContain("signed in as ada (ada@example.com)");
  expect(stdout).toContain("found: ada");
  expect(stdout).toContain("wrong password: NotAuthorizedException");
});

test("the README's AWS CLI example signs a user in", async ({ baseURL }) => {
  const { stdout } = await run(join(root, "examples", "aws", "aws-cli-example.sh"), [baseURL!], {
    env: environment(),
  });
  expect(stdout).toContain("signed in as grace");
  expect(stdout).toMatch(/pools: .*cli-example/);
});
