// Journeys shared by the specs, written as a person would do them in the browser.
import { type APIRequestContext, type Page } from "@playwright/test";
import { expect } from "./fixtures";
import { cognitoIdp } from "./aws";
import { ids } from "./ids";
import { codeFor, uniqueName } from "./outbox";

export const PASSWORD = "Correct-Horse-9";

// Signs up and confirms a user without a browser: the forms posted as plain HTML forms.
export async function createConfirmedUser(request: APIRequestContext, username: string) {
  const email = `${username}@example.com`;
  const headers = { accept: "text/html" };
  const base = { client_id: "", next: "" };
  const signUp = await request.post("/api/sign_up", {
    headers,
    form: { ...base, username, email, password: PASSWORD },
    maxRedirects: 0,
  });
  expect(signUp.status()).toBe(302);
  const code = await codeFor(email);
  const confirm = await request.post("/api/confirm_sign_up", {
    headers,
    form: { ...base, username, code },
    maxRedirects: 0,
  });
  expect(confirm.headers()["location"]).toContain("confirmed=1");
  return { username, email };
}

// A confirmed user of `pool` made by an administrator (AdminCreateUser without an
// invitation, then a permanent password), with a verified email: its name and email.
export async function adminCreatedUser(
  endpoint: string,
  pool: string,
  prefix: string,
): Promise<[string, string]> {
  const username = uniqueName(prefix);
  const email = `${username}@example.com`;
  await cognitoIdp(
    endpoint,
    "admin-create-user",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--user-attributes",
    `Name=email,Value=${email}`,
    "Name=email_verified,Value=true",
    "--message-action",
    "SUPPRESS",
  );
  await cognitoIdp(
    endpoint,
    "admin-set-user-password",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--password",
    PASSWORD,
    "--permanent",
  );
  return [username, email];
}

// Signs in on the login page and lands on the demo page.
export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/login?next=%2Fdemo");
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.passwordInput).fill(password);
  await page.getByTestId(ids.submitButton).click();
  await expect(page).toHaveURL(/\/demo$/);
}

export function claim(page: Page, name: string) {
  return page.getByTestId(ids.demoClaims).locator(`tr[data-claim="${name}"] td`);
}
