// Every hosted page passes axe-core (npm @axe-core/playwright) at WCAG 2.1 AA with no
// violation: signed out, with a form's error shown, and signed in.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { cognitoIdp, defaultPool } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { uniqueName } from "./outbox";

const PASSWORD = "Correct-Horse-9";

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

for (const path of [
  "/",
  "/docs",
  "/login",
  "/signup",
  "/confirmUser?username=someone",
  "/forgotPassword",
  "/confirmForgotPassword?username=someone",
  "/passkey?next=%2Fdemo",
]) {
  test(`${path} has no accessibility violation`, async ({ page }) => {
    await page.goto(path);
    await waitForHydration(page);
    expect(await violations(page)).toEqual([]);
  });
}

test.describe("a refused sign-in", () => {
  test.use({ expectedConsoleErrors: ["400 for", "401 for", "status of 400", "status of 401"] });

  test("the sign-in page with its error has no accessibility violation", async ({ page }) => {
    await page.goto("/login");
    await waitForHydration(page);
    await page.getByTestId(ids.usernameInput).fill("nobody-here");
    await page.getByTestId(ids.passwordInput).fill("Wrong-Horse-9");
    await page.getByTestId(ids.submitButton).click();
    await expect(page.getByTestId(ids.formError)).toContainText("Incorrect username or password");
    expect(await violations(page)).toEqual([]);
  });
});

test("the signed-in pages have no accessibility violation", async ({ page, baseURL }) => {
  const pool = await defaultPool(baseURL!);
  const username = uniqueName("a11y");
  await cognitoIdp(
    baseURL!,
    "admin-create-user",
    "--user-pool-id",
    pool,
    "--username",
    username,
    "--user-attributes",
    `Name=email,Value=${username}@example.com`,
    "Name=email_verified,Value=true",
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
    PASSWORD,
    "--permanent",
  );
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();
  await expect(page).toHaveURL(/\/demo$/);
  await waitForHydration(page);
  expect(await violations(page)).toEqual([]);
  await page.goto("/account");
  await waitForHydration(page);
  await expect(page.getByTestId(ids.accountUsername)).toContainText(username);
  expect(await violations(page)).toEqual([]);
});
