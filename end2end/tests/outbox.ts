// Reads the codes the server under test emailed: its file outbox (one .eml per message)
// under the data directory scripts/e2e-server.sh gives it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "@playwright/test";

const outbox = join(__dirname, "..", "..", "target", "e2e-data", "outbox");

function messagesTo(email: string): { at: number; text: string }[] {
  let names: string[];
  try {
    names = readdirSync(outbox).filter((name) => name.endsWith(".eml"));
  } catch {
    return [];
  }
  return names
    .map((name) => {
      const path = join(outbox, name);
      return { at: statSync(path).mtimeMs, text: readFileSync(path, "utf8") };
    })
    .filter(({ text }) => text.split(/\r?\n/).some((line) => line.toLowerCase() === `to: ${email}`))
    .sort((a, b) => a.at - b.at);
}

// Waits for the `count`-th message to `email` and returns it, headers and body.
export async function messageFor(email: string, count = 1): Promise<string> {
  await expect.poll(() => messagesTo(email).length, { message: `email ${count} to ${email}` })
    .toBeGreaterThanOrEqual(count);
  return messagesTo(email)[count - 1].text;
}

// Waits for the `count`-th message to `email` and returns the six-digit code in it.
export async function codeFor(email: string, count = 1): Promise<string> {
  const text = await messageFor(email, count);
  const match = text.match(/code is (\d{6})/);
  expect(match, `a code in the message to ${email}`).not.toBeNull();
  return match![1];
}

// A name no other test (or earlier run) uses, so tests can run in parallel.
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
