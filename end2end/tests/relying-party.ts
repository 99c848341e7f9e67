// The README's example relying party (examples/oidc/app.mjs, openid-client) started on a
// localhost port against the default pool's default app client, for the specs that sign
// in through OpenID Connect.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { cognitoIdp, defaultPool, root } from "./aws";

export type RelyingParty = { url: string; stop: () => void };

// The default app client unless `clientId` names another of the default pool's.
export async function startRelyingParty(
  baseURL: string,
  port: number,
  clientId?: string,
): Promise<RelyingParty> {
  const pool = await defaultPool(baseURL);
  const client =
    clientId ??
    (await cognitoIdp(
      baseURL,
      "list-user-pool-clients",
      "--user-pool-id",
      pool,
      "--query",
      "UserPoolClients[?ClientName=='Default app client'].ClientId",
    ));
  const started: ChildProcess = spawn(
    process.execPath,
    [join(root, "examples", "oidc", "app.mjs"), `${baseURL}/${pool}`, client, String(port)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    started.stdout!.on("data", (chunk) => {
      if (String(chunk).includes("example app on")) resolve();
    });
    started.on("exit", (code) => reject(new Error(`the example app exited with ${code}`)));
  });
  return { url: `http://localhost:${port}`, stop: () => started.kill() };
}
