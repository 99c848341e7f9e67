import { test, expect, waitForHydration } from "./fixtures";
import { ids } from "./ids";

test("the home page says what Cognate is and links to the docs", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Cognate");
  await expect(page.getByTestId(ids.homeTitle)).toHaveText("Cognate");
  await expect(page.getByTestId(ids.homeLead)).toContainText(
    "A self-hosted Amazon Cognito: user pools and identity pools",
  );

  await page.getByTestId(ids.navDocs).click();
  await expect(page).toHaveURL(/\/docs$/);
  await expect(page.getByTestId(ids.docsTitle)).toHaveText("Developer docs");
  await expect(page).toHaveTitle("Developer docs · Cognate");
});

// The front door names what Cognate is, each part linked to its section of the developer
// page.
test("each part on the home page leads to its section of the developer page", async ({
  page,
}) => {
  for (const [link, heading] of [
    ["User pools in the docs", "User pools"],
    ["MFA and passkeys in the docs", "MFA and passkeys"],
    ["Federation in the docs", "Federation"],
    ["Identity pools in the docs", "Identity pools"],
    ["The doors and their endpoints", "The four doors"],
    ["Running several nodes, and every setting", "Several nodes, and every setting"],
  ]) {
    await page.goto("/");
    await page.getByRole("link", { name: link }).click();
    await expect(page).toHaveURL(/\/docs#[a-z-]+$/);
    const id = new URL(page.url()).hash.slice(1);
    await expect(page.locator(`h2#${id}`)).toHaveText(heading);
  }
  await expect(page.getByRole("cell", { name: "COGNATE_DATABASE__URL" })).toBeVisible();
});

// Passes only when the WASM bundle loads and hydrates: a broken wasm-opt or a
// wasm-bindgen version mismatch leaves the checklist dead.
test("the password checklist reacts as the user types, once hydrated", async ({ page }) => {
  const wasm = page.waitForResponse((response) => /\/pkg\/cognate.*\.wasm$/.test(response.url()));
  await page.goto("/");
  expect((await wasm).status()).toBe(200);
  await waitForHydration(page);

  const checklist = page.getByTestId(ids.passwordChecklist);
  const rule = (name: string) => checklist.locator(`[data-rule="${name}"]`);
  for (const name of ["length", "lowercase", "uppercase", "number", "symbol"]) {
    await expect(rule(name)).toHaveAttribute("data-met", "false");
  }

  const input = page.getByTestId(ids.tryPasswordInput);
  await input.pressSequentially("abc1");
  await expect(rule("lowercase")).toHaveAttribute("data-met", "true");
  await expect(rule("number")).toHaveAttribute("data-met", "true");
  await expect(rule("uppercase")).toHaveAttribute("data-met", "false");
  await expect(rule("length")).toHaveAttribute("data-met", "false");

  await input.fill("Correct-Horse-9");
  for (const name of ["length", "lowercase", "uppercase", "number", "symbol"]) {
    await expect(rule(name)).toHaveAttribute("data-met", "true");
  }
});

test.describe("an unknown address", () => {
  // Chromium logs the 404 of the page itself as a console error.
  test.use({ expectedConsoleErrors: ["status of 404"] });

  test("gets the 404 page with status 404", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId(ids.notFoundTitle)).toHaveText("Page not found");
    await expect(page).toHaveTitle("Page not found · Cognate");
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expect(page.getByTestId(ids.homeTitle)).toBeVisible();
  });
});

test("the stylesheet and the favicon are served", async ({ page, request }) => {
  await page.goto("/");
  const css = await request.get("/pkg/cognate.css");
  expect(css.status()).toBe(200);
  expect(css.headers()["content-type"]).toContain("text/css");
  const icon = await request.get("/favicon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the pages are rendered by the server", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId(ids.homeTitle)).toHaveText("Cognate");
    await expect(page.getByTestId(ids.passwordChecklist).locator("li")).toHaveCount(5);
    await page.getByTestId(ids.navDocs).click();
    await expect(page.getByTestId(ids.docsTitle)).toHaveText("Developer docs");
  });
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
