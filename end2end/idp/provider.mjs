// An external OpenID Provider for the federation journeys: the npm package oidc-provider
// (OpenID Certified), which no one here wrote, on loopback with one confidential client —
// Cognate, whose redirect URI is Cognate's /oauth2/idpresponse — and its development sign-in
// page (any login; the account's email is <login>@idp.example).
//
//   node provider.mjs <port> <Cognate's public URL> <client secret>
import Provider from "oidc-provider";

const [port, cognate, secret] = process.argv.slice(2);
if (!port || !cognate || !secret) {
  console.error("usage: node provider.mjs <port> <Cognate's public URL> <client secret>");
  process.exit(2);
}

const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: "cognate",
      client_secret: secret,
      redirect_uris: [`${cognate}/oauth2/idpresponse`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: `${id}@idp.example`, email_verified: true }),
  }),
  pkce: { required: () => true },
  cookies: { keys: ["cognate-end-to-end-tests-only"] },
  features: { devInteractions: { enabled: true } },
});
provider.listen(Number(port), "localhost", () => {
  console.log(`identity provider on http://localhost:${port}`);
});
