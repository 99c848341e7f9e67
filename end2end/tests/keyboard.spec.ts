// A keyboard alone: sign up, confirm the emailed code and sign in with Tab, typing and
// Enter, never the mouse; a refused sign-in puts the focus on its error, which is
// announced (role="alert", aria-live).
import type { Locator, Page } from "@playwright/test";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { codeFor, uniqueName } from "./outbox";
import { PASSWORD } from "./users";

// Presses Tab until `target` has the focus (as a keyboard user moves through the page).
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error("Tab never reached the field");
}

async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

test.describe("a refused sign-in", () => {
  test.use({ expectedConsoleErrors: ["400 for", "401 for", "status of 400", "status of 401"] });

  test("a keyboard alone signs up, confirms and signs in; an error takes the focus", async ({
    page,
  }) => {
    const username = uniqueName("keys");
    const email = `${username}@example.com`;
    await page.goto("/signup");
    await waitForHydration(page);
    await typeInto(page, page.getByTestId(ids.usernameInput), username);
    await typeInto(page, page.getByTestId(ids.emailInput), email);
    await typeInto(page, page.getByTestId(ids.passwordInput), PASSWORD);
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/confirmUser\?/);
    await waitForHydration(page);
    await typeInto(page, page.getByTestId(ids.codeInput), await codeFor(email));
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/login\?/);
    await waitForHydration(page);
    // A wrong password first: the error is announced and has the focus.
    await typeInto(page, page.getByTestId(ids.passwordInput), "Wrong-Horse-9");
    await page.keyboard.press("Enter");
    const error = page.getByTestId(ids.formError);
    await expect(error).toContainText("Incorrect username or password");
    await expect(error).toHaveAttribute("role", "alert");
    await expect(error).toBeFocused();

    await tabTo(page, page.getByTestId(ids.passwordInput));
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/demo$/);
  });
});
