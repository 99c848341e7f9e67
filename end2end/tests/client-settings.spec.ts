// The hosted pages honour the app client they sign in for: a client with a secret signs
// its users in only through its own OAuth sign-in link (its tokens then need the secret),
// and a client with OAuth off has no hosted sign-in at all. The same user, on the default
// client, signs in.
import { cognitoIdp, defaultPool } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { uniqueName } from "./outbox";

const password = "Client-Rules-7";

// The two refused sign-ins are answered 400 (the form shows why).
test.use({ expectedConsoleErrors: ["400 for", "status of 400"] });

async function client(endpoint: string, pool: string, ...options: string[]): Promise<string> {
  return cognitoIdp(
    endpoint,
    "create-user-pool-client",
    "--user-pool-id",
    pool,
    "--client-name",
    uniqueName("app"),
    ...options,
    "--query",
    "UserPoolClient.ClientId",
  );
}

test("a client with a secret or without OAuth gets no hosted sign-in; the default client does", async ({
  page,
  baseURL,
}) => {
  const pool = await defaultPool(baseURL!);
  expect(pool).toMatch(/^local_/);
  const username = uniqueName("rules");
  await cognitoIdp(
    baseURL!,
    "admin-create-user",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--message-action",
    "SUPPRESS",
  );
  await cognitoIdp(
    baseURL!,
    "admin-set-user-password",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--password",
    password,
    "--permanent",
  );
  const oauth = [
    "--allowed-o-auth-flows-user-pool-client",
    "--allowed-o-auth-flows",
    "code",
    "--allowed-o-auth-scopes",
    "openid",
    "--callback-urls",
    JSON.stringify(["http://localhost/callback"]), // a URL alone the CLI would fetch
  ];
  const withSecret = await client(baseURL!, pool, "--generate-secret", ...oauth);
  const withoutOAuth = await client(baseURL!, pool);

  const signIn = async (clientId: string) => {
    await page.goto(`/login?client_id=${clientId}`);
    await waitForHydration(page);
    await page.getByTestId(ids.usernameInput).fill(username);
    await page.getByTestId(ids.passwordInput).fill(password);
    await page.getByTestId(ids.submitButton).click();
  };

  await signIn(withSecret);
  await expect(page.getByTestId(ids.formError)).toContainText("its own sign-in link");
  await expect(page).toHaveURL(/\/login/);

  await signIn(withoutOAuth);
  await expect(page.getByTestId(ids.formError)).toContainText("does not use the hosted sign-in pages");
  await expect(page).toHaveURL(/\/login/);

  await page.goto("/login");
  await waitForHydration(page);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.passwordInput).fill(password);
  await page.getByTestId(ids.submitButton).click();
  await expect(page).toHaveURL(/\/demo$/);
});
