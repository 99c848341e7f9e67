import { test as base, expect, type Page } from "@playwright/test";
import { hydratedAttr, ids } from "./ids";

type Options = {
  // Console errors and failed requests a test expects, matched as substrings of the
  // console text or of "<status> for <url>" (e.g. a page served with 404, a refused
  // sign-in answered 401).
  expectedConsoleErrors: string[];
};

// A page that records every console error, uncaught exception and failed sub-resource,
// and fails the test if there were any: a broken WASM bundle or a missing asset shows
// up here.
export const test = base.extend<Options & { page: Page }>({
  expectedConsoleErrors: [[], { option: true }],
  page: async ({ page, expectedConsoleErrors }, use) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      const text = message.text();
      if (message.type() === "error" && !expectedConsoleErrors.some((e) => text.includes(e))) {
        problems.push(`console: ${text}`);
      }
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      const line = `${response.status()} for ${response.url()}`;
      if (
        response.status() >= 400 &&
        response.request().resourceType() !== "document" &&
        !expectedConsoleErrors.some((e) => line.includes(e))
      ) {
        problems.push(line);
      }
    });
    await use(page);
    expect(problems, "console errors, page errors or failed requests").toEqual([]);
  },
});

// Waits until the WebAssembly bundle has hydrated the page: only then do controls
// react to the browser's events.
export async function waitForHydration(page: Page) {
  await expect(page.getByTestId(ids.appRoot)).toHaveAttribute(hydratedAttr, "true");
}

export { expect };
