// Every hosted page passes axe-core (npm @axe-core/playwright) at WCAG 2.1 AA with no
// violation, in light and in dark mode: signed out, with a form's error shown, and signed in.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { defaultPool } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { PASSWORD, adminCreatedUser } from "./users";


async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

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
      const [username] = await adminCreatedUser(baseURL!, pool, "a11y");
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
  });
}
