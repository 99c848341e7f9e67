// The external OpenID Provider of the federation journeys (end2end/idp/provider.mjs, the npm
// package oidc-provider), started on a loopback port and stopped by its process.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { root } from "./aws";

export type IdentityProvider = { issuer: string; secret: string; stop: () => void };

export async function startIdentityProvider(
  cognate: string,
  port: number,
): Promise<IdentityProvider> {
  const secret = `test-secret-${port}-${Date.now().toString(36)}`;
  const started: ChildProcess = spawn(
    process.execPath,
    [join(root, "end2end", "idp", "provider.mjs"), String(port), cognate, secret],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  await new Promise<void>((resolve, reject) => {
    started.stdout!.on("data", (chunk) => {
      if (String(chunk).includes("identity provider on")) resolve();
    });
    started.on("exit", (code) => reject(new Error(`the identity provider exited with ${code}`)));
  });
  return { issuer: `http://localhost:${port}`, secret, stop: () => started.kill() };
}
