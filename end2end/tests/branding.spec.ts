// Two app clients side by side, one with a branding style and one without: the branded
// one's pages are drawn in its colours and logo from the first paint, the other in
// Cognate's own; a hostile SVG is refused. Colours as the browser computes them.
import { boto3, cognitoIdp, defaultPool } from "./aws";
import { expect, test, waitForHydration } from "./fixtures";
import { ids } from "./ids";
import { uniqueName } from "./outbox";

// A 1×1 PNG, base64.
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==";

async function newClient(endpoint: string, pool: string): Promise<string> {
  return cognitoIdp(
    endpoint,
    "create-user-pool-client",
    "--user-pool-id",
    pool,
    "--client-name",
    uniqueName("brand"),
    "--query",
    "UserPoolClient.ClientId",
  );
}

test("a branded client and an unbranded one look as each is set", async ({ page, baseURL }) => {
  const pool = await defaultPool(baseURL!);
  const [branded, plain] = [await newClient(baseURL!, pool), await newClient(baseURL!, pool)];
  const settings = {
    categories: { global: { colorSchemeMode: "LIGHT" } },
    components: {
      primaryButton: { lightMode: { defaults: { backgroundColor: "0a7d3eff", textColor: "ffffffff" } } },
      pageBackground: { lightMode: { color: "fdf6e3ff" } },
    },
  };
  await boto3(
    baseURL!,
    `idp.create_managed_login_branding(UserPoolId='${pool}', ClientId='${branded}',
      Settings=json.loads('${JSON.stringify(settings)}'),
      Assets=[{'Category': 'FORM_LOGO', 'ColorMode': 'LIGHT', 'Extension': 'PNG',
               'Bytes': base64.b64decode('${PNG}')}])`,
  );

  const button = () => page.getByTestId(ids.submitButton);
  const backgroundOf = (selector: string, pseudo?: string) =>
    page.evaluate(
      ([selector, pseudo]) =>
        getComputedStyle(document.querySelector(selector!)!, pseudo ?? null).backgroundImage +
        "|" +
        getComputedStyle(document.querySelector(selector!)!, pseudo ?? null).backgroundColor,
      [selector, pseudo],
    );

  // Branded, even where the browser prefers dark: the style says LIGHT.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`/login?client_id=${branded}`);
  await expect(page.getByTestId(ids.brandStyle)).toHaveCount(1);
  await expect(button()).toHaveCSS("background-color", "rgb(10, 125, 62)");
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(253, 246, 227)");
  expect(await backgroundOf(".auth-card", "::before")).toContain("/branding/");
  await waitForHydration(page);
  await expect(button()).toHaveCSS("background-color", "rgb(10, 125, 62)");

  // Unbranded: Cognate's own look, in the browser's scheme.
  await page.goto(`/login?client_id=${plain}`);
  await expect(page.getByTestId(ids.brandStyle)).toHaveCount(0);
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(15, 20, 26)");
  await expect(button()).toHaveCSS("background-color", "rgb(138, 180, 248)");
  expect(await backgroundOf(".auth-card", "::before")).toMatch(/^none\|/);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(button()).toHaveCSS("background-color", "rgb(31, 58, 95)");
});

test("a hostile SVG is refused and changes nothing", async ({ page, baseURL }) => {
  const pool = await defaultPool(baseURL!);
  const client = await newClient(baseURL!, pool);
  const refused = await boto3(
    baseURL!,
    `svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
try:
    idp.create_managed_login_branding(UserPoolId='${pool}', ClientId='${client}',
        Assets=[{'Category': 'FORM_LOGO', 'ColorMode': 'LIGHT', 'Extension': 'SVG', 'Bytes': svg}])
    print('accepted')
except idp.exceptions.InvalidParameterException as e:
    print('refused:', e.response['Error']['Message'])`,
  );
  expect(refused).toMatch(/^refused: The SVG is refused/);
  await page.goto(`/login?client_id=${client}`);
  await expect(page.getByTestId(ids.brandStyle)).toHaveCount(0);
});

test("the sign-up page links to the client's terms documents", async ({ page, baseURL }) => {
  const pool = await defaultPool(baseURL!);
  const client = await newClient(baseURL!, pool);
  for (const [name, url] of [
    ["terms-of-use", "https://shop.example/terms"],
    ["privacy-policy", "https://shop.example/privacy"],
  ]) {
    await cognitoIdp(
      baseURL!,
      "create-terms",
      "--user-pool-id",
      pool,
      "--client-id",
      client,
      "--terms-name",
      name,
      "--terms-source",
      "LINK",
      "--enforcement",
      "NONE",
      "--links",
      JSON.stringify({ "cognito:default": url }),
    );
  }
  await page.goto(`/signup?client_id=${client}`);
  const terms = page.getByTestId(ids.termsLinks);
  await expect(terms.getByRole("link", { name: "Terms of use" })).toHaveAttribute(
    "href",
    "https://shop.example/terms",
  );
  await expect(terms.getByRole("link", { name: "Privacy policy" })).toHaveAttribute(
    "href",
    "https://shop.example/privacy",
  );
  await page.goto("/signup");
  await expect(page.getByTestId(ids.termsLinks)).toHaveCount(0);
});
