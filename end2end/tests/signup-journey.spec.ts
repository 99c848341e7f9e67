// The end user's whole journey: sign up, confirm the emailed code, sign in, use the demo
// protected page, sign out — once hydrated, and once with JavaScript off.
import { type Page } from "@playwright/test";
import { test, expect, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { codeFor, uniqueName } from "./outbox";
import { PASSWORD, claim } from "./users";

async function journey(page: Page, js: boolean) {
  const username = uniqueName(js ? "js" : "nojs");
  const email = `${username}@example.com`;
  const ready = js ? () => waitForHydration(page) : async () => {};

  // The protected page sends a visitor to sign in, remembering where they were going.
  await page.goto("/demo");
  await expect(page).toHaveURL(/\/login\?next=%2Fdemo$/);
  await ready();
  await page.getByTestId(ids.signUpLink).click();
  await expect(page).toHaveURL(/\/signup\?next=%2Fdemo$/);
  await ready();

  await page.getByTestId(ids.usernameInput).fill(username);
  await page.getByTestId(ids.emailInput).fill(email);
  const checklist = page.getByTestId(ids.passwordChecklist);
  if (js) {
    // Hydrated, the policy checklist follows the typing.
    await page.getByTestId(ids.passwordInput).pressSequentially("abc");
    await expect(checklist.locator('[data-rule="lowercase"]')).toHaveAttribute("data-met", "true");
    await expect(checklist.locator('[data-rule="symbol"]')).toHaveAttribute("data-met", "false");
  } else {
    await expect(checklist).toContainText("At least 8 characters");
  }
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  if (js) {
    await expect(checklist.locator('[data-met="false"]')).toHaveCount(0);
  }
  // Hydrated, the form is sent by the page's script (a fetch), not as a page load.
  const sent = page.waitForRequest((request) => request.url().endsWith("/api/sign_up"));
  await page.getByTestId(ids.submitButton).click();
  expect((await sent).resourceType()).toBe(js ? "fetch" : "document");

  await expect(page).toHaveURL(new RegExp(`/confirmUser\\?username=${username}&next=%2Fdemo$`));
  await expect(page.getByTestId(ids.usernameInput)).toHaveValue(username);
  const code = await codeFor(email);
  await page.getByTestId(ids.codeInput).fill(code);
  await page.getByTestId(ids.submitButton).click();

  // Confirmed: on the sign-in page with the username filled in.
  await expect(page).toHaveURL(/\/login\?username=.*confirmed=1&next=%2Fdemo$/);
  await expect(page.getByTestId(ids.formNotice)).toContainText("Your account is confirmed");
  await expect(page.getByTestId(ids.usernameInput)).toHaveValue(username);
  await page.getByTestId(ids.passwordInput).fill(PASSWORD);
  await page.getByTestId(ids.submitButton).click();

  // Signed in, on the page they came for.
  await expect(page).toHaveURL(/\/demo$/);
  await expect(claim(page, "cognito:username")).toHaveText(username);
  await expect(claim(page, "email")).toHaveText(email);
  await expect(claim(page, "token_use")).toHaveText("id");

  const note = `note from ${username}`;
  if (js) {
    await waitForHydration(page);
    // Hydrated, the page reads the notes through the API with its bearer token.
    await expect(page.getByTestId(ids.notesSource)).toHaveAttribute("data-source", "api");
    const apiCall = page.waitForRequest(
      (request) => request.url().endsWith("/api/demo/notes") && request.method() === "POST",
    );
    await page.getByTestId(ids.noteInput).fill(note);
    await page.getByTestId(ids.noteSubmit).click();
    const request = await apiCall;
    expect(request.headers()["authorization"]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await request.response())?.status()).toBe(201);
  } else {
    await page.getByTestId(ids.noteInput).fill(note);
    await page.getByTestId(ids.noteSubmit).click();
    await expect(page).toHaveURL(/\/demo$/);
  }
  await expect(page.getByTestId(ids.noteItem)).toHaveText([note]);
  await page.reload();
  await expect(page.getByTestId(ids.noteItem)).toHaveText([note]);

  // Signing out ends the session: the protected page sends them to sign in again.
  if (js) await waitForHydration(page);
  await page.getByTestId(ids.signOutLink).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await expect(page.getByTestId(ids.formNotice)).toContainText("You are signed out");
  await page.goto("/demo");
  await expect(page).toHaveURL(/\/login\?next=%2Fdemo$/);
}

test.describe("with JavaScript", () => {
  test("a new user signs up, confirms, signs in, keeps a note and signs out", async ({ page }) => {
    await journey(page, true);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a new user signs up, confirms, signs in, keeps a note and signs out", async ({ page }) => {
    await journey(page, false);
    // Nothing was hydrated: the journey ran on plain HTML forms.
    await expect(page.getByTestId(ids.appRoot)).toHaveAttribute("data-hydrated", "false");
  });
});
