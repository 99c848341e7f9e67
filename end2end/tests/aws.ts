// The AWS clients scripts/setup.sh aws-clients installs (boto3 and the AWS CLI, pinned in
// examples/aws/requirements.txt), with the admin keys the server under test generated.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export const root = join(__dirname, "..", "..");
export const venv = join(root, "target", "aws-clients", "bin");
export const run = promisify(execFile);

export function environment(): NodeJS.ProcessEnv {
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

// `aws cognito-idp …` against `endpoint`, text output, trimmed.
export async function cognitoIdp(endpoint: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    join(venv, "aws"),
    ["cognito-idp", "--endpoint-url", endpoint, "--output", "text", ...args],
    { env: environment() },
  );
  return stdout.trim();
}

// The id of the pool created on first start ("Default pool").
export async function defaultPool(endpoint: string): Promise<string> {
  return cognitoIdp(
    endpoint,
    "list-user-pools",
    "--max-results",
    "60",
    "--query",
    "UserPools[?Name=='Default pool'].Id",
  );
}

// Runs a Python script with boto3's cognito-idp client (`idp`, pointed at `endpoint`) in
// scope; what it prints, trimmed. For requests the AWS CLI cannot spell (images as bytes).
export async function boto3(endpoint: string, script: string): Promise<string> {
  const prelude = [
    "import base64, json, os, sys, boto3",
    "idp = boto3.client('cognito-idp', endpoint_url=os.environ['COGNATE_ENDPOINT'])",
  ].join("\n");
  const { stdout } = await run(join(venv, "python3"), ["-c", `${prelude}\n${script}`], {
    env: { ...environment(), COGNATE_ENDPOINT: endpoint },
  });
  return stdout.trim();
}
