import { test as base, expect, type Page } from "@playwright/test";
import { hydratedAttr, ids } from "./ids";

// A page that records every console error and uncaught exception, and fails the test
// if there were any: a broken WASM bundle or a missing asset shows up here.
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      // A 404 is expected only for the page the 404 test asks for.
      if (response.status() >= 400 && response.request().resourceType() !== "document") {
        problems.push(`${response.status()} for ${response.url()}`);
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
