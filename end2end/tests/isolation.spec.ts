// Two users never see each other's notes, and the notes API trusts only a valid,
// unrevoked access token.
import { test, expect, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { uniqueName } from "./outbox";
import { createConfirmedUser, signIn } from "./users";

test("a second user in another browser context sees only their own notes", async ({
  browser,
  page,
  request,
}) => {
  const jane = await createConfirmedUser(request, uniqueName("jane"));
  const joe = await createConfirmedUser(request, uniqueName("joe"));

  await signIn(page, jane.username);
  await waitForHydration(page);
  await page.getByTestId(ids.noteInput).fill("Jane's secret");
  await page.getByTestId(ids.noteSubmit).click();
  await expect(page.getByTestId(ids.noteItem)).toHaveText(["Jane's secret"]);

  const other = await browser.newContext();
  try {
    const joePage = await other.newPage();
    await signIn(joePage, joe.username);
    await expect(joePage.getByTestId(ids.notesSource)).toHaveAttribute("data-source", "api");
    await expect(joePage.getByTestId(ids.noteItem)).toHaveCount(0);
    await joePage.getByTestId(ids.noteInput).fill("Joe's note");
    await joePage.getByTestId(ids.noteSubmit).click();
    await expect(joePage.getByTestId(ids.noteItem)).toHaveText(["Joe's note"]);
    await expect(joePage.getByTestId(ids.demoClaims)).not.toContainText(jane.username);
  } finally {
    await other.close();
  }
  await page.reload();
  await expect(page.getByTestId(ids.noteItem)).toHaveText(["Jane's secret"]);
});

test("the notes API answers 401 to tampered, forged and revoked tokens", async ({
  page,
  request,
}) => {
  const jane = await createConfirmedUser(request, uniqueName("jane"));
  await signIn(page, jane.username);
  const token = (await page.getByTestId(ids.accessToken).textContent())!.trim();
  const notes = (bearer: string) =>
    request.get("/api/demo/notes", { headers: { authorization: `Bearer ${bearer}` } });

  const ok = await notes(token);
  expect(ok.status()).toBe(200);
  expect((await ok.json()).notes).toEqual([]);

  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  const tamperedPayload = Buffer.from(
    JSON.stringify({ ...claims, sub: "00000000-0000-4000-8000-000000000000" }),
  ).toString("base64url");
  const noneHeader = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
  for (const bad of [
    `${header}.${tamperedPayload}.${signature}`,
    `${noneHeader}.${payload}.`,
    `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
  ]) {
    const response = await notes(bad);
    expect(response.status()).toBe(401);
    expect((await response.json()).error).toBe("invalid_token");
  }
  expect((await request.get("/api/demo/notes")).status()).toBe(401);

  // Signing out revokes the sign-in: its access token, still well signed, is refused.
  await page.getByTestId(ids.signOutLink).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  const revoked = await notes(token);
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).message).toBe("Access Token has been revoked");
});
