// Each of the pages' eleven languages, in the browser: chosen by `lang`, kept through the
// flow by its cookie, on the server-rendered page and in the hydrated islands alike, with
// no English left where the language has its own words. The expected words are read from
// the language's own Fluent file, so this checks the pages, not a copy of the texts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { root } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";

const LANGUAGES = ["en", "de", "es", "fr", "id", "it", "ja", "ko", "pt-BR", "zh-CN", "zh-TW"];

// A language's messages: name → text (single-line messages, variables as written).
function messages(tag: string): Map<string, string> {
  const file = ["pages.ftl", "errors.ftl"]
    .map((name) => readFileSync(join(root, "app", "locales", tag, name), "utf8"))
    .join("\n");
  const found = new Map<string, string>();
  for (const line of file.split("\n")) {
    const match = /^([a-z][a-z0-9-]*) = (.*)$/.exec(line);
    if (match) found.set(match[1], match[2].trim());
  }
  return found;
}

const english = messages("en");

// English messages (long enough to be unmistakable) that `tag` words otherwise: none may
// show on a page in `tag`.
function englishLeft(tag: string, text: string): string[] {
  const own = messages(tag);
  return [...english.entries()]
    .filter(([name, words]) => words.length > 12 && !words.includes("{") && own.get(name) !== words)
    .map(([, words]) => words)
    .filter((words) => text.includes(words));
}

async function bodyText(page: Page): Promise<string> {
  return (await page.locator("body").innerText()).replace(/\s+/g, " ");
}

for (const tag of LANGUAGES) {
  test(`the sign-in and sign-up pages in ${tag}`, async ({ page }) => {
    const words = messages(tag);
    await page.goto(`/login?lang=${tag}`);
    await expect(page.locator("html")).toHaveAttribute("lang", tag);
    await expect(page.getByTestId(ids.pageTitle)).toHaveText(words.get("sign-in-title")!);
    await expect(page.getByLabel(words.get("password-label")!, { exact: true })).toBeVisible();
    if (tag !== "en") expect(englishLeft(tag, await bodyText(page))).toEqual([]);

    // A plain link: the next page is in the same language by the cookie alone.
    await page.getByTestId(ids.signUpLink).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.locator("html")).toHaveAttribute("lang", tag);
    await expect(page.getByTestId(ids.pageTitle)).toHaveText(words.get("sign-up-title")!);
    // The hydrated checklist speaks it too.
    await waitForHydration(page);
    await page.getByTestId(ids.passwordInput).fill("a");
    const lowercase = page.getByTestId(ids.passwordChecklist).locator('[data-rule="lowercase"]');
    await expect(lowercase).toHaveAttribute("data-met", "true");
    await expect(lowercase).toContainText(words.get("rule-lowercase")!);
    if (tag !== "en") expect(englishLeft(tag, await bodyText(page))).toEqual([]);
  });
}

test.describe("a refused sign-in", () => {
  test.use({ expectedConsoleErrors: ["401 for", "status of 401"] });

  for (const tag of ["de", "ja", "pt-BR"]) {
    test(`is told why in ${tag}`, async ({ page }) => {
      await page.goto(`/login?lang=${tag}`);
      await waitForHydration(page);
      await page.getByTestId(ids.usernameInput).fill("nobody-here");
      await page.getByTestId(ids.passwordInput).fill("Wrong-Horse-9");
      await page.getByTestId(ids.submitButton).click();
      await expect(page.getByTestId(ids.formError)).toHaveText(
        messages(tag).get("err-wrong-credentials")!,
      );
    });
  }
});

test.describe("a browser that prefers German", () => {
  test.use({ locale: "de-DE" });

  test("gets German pages, unless a lang parameter chose another", async ({ page }) => {
    await page.goto("/forgotPassword");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByTestId(ids.pageTitle)).toHaveText(messages("de").get("forgot-title")!);
    await page.goto("/forgotPassword?lang=ja");
    await expect(page.getByTestId(ids.pageTitle)).toHaveText(messages("ja").get("forgot-title")!);
    await page.goto("/forgotPassword");
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  });
});
