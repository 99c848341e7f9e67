// The README's boto3 and AWS CLI examples (examples/aws), run as written against the
// server under test with the admin keys it generated: proof that code written for
// Cognito works by changing only the endpoint. scripts/setup.sh aws-clients installs the
// pinned clients into target/aws-clients.
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { environment, root, run, venv } from "./aws";

test("the README's boto3 example signs a user in", async ({ baseURL }) => {
  const { stdout } = await run(
    join(venv, "python"),
    [join(root, "examples", "aws", "boto3_example.py"), baseURL!],
    { env: environment() },
  );
  expect(stdout).toContain("domain: boto3-example");
  expect(stdout).toContain("schema: custom:level, custom:team");
  expect(stdout).toContain("signed in as ada (ada@example.com)");
  expect(stdout).toContain("team: engines, level 3");
  expect(stdout).toContain("level 11: InvalidParameterException");
  expect(stdout).toContain("found: ada");
  expect(stdout).toContain("wrong password: NotAuthorizedException");
});

test("the README's AWS CLI example signs a user in", async ({ baseURL }) => {
  const { stdout } = await run(join(root, "examples", "aws", "aws-cli-example.sh"), [baseURL!], {
    env: environment(),
  });
  expect(stdout).toContain("domain: cli-example");
  expect(stdout).toContain("signed in as grace");
  expect(stdout).toContain("team: compilers");
  expect(stdout).toMatch(/pools: .*cli-example/);
});
