// A web app that signs its users in with Cognate through OpenID Connect, using the
// openid-client library. Cognate's default app client already accepts it:
//
//   cd examples/oidc && npm ci
//   node app.mjs http://127.0.0.1:3000/<pool id> <client id> [port]
//
// then open http://localhost:8080/ (or the port given). The pool and client ids are on
// Cognate's /docs page. Only what a real app needs: the authorization code flow with PKCE,
// state and nonce, the ID token checked by the library, and sign-out. `/login?
// identity_provider=<name>` goes straight to one of the pool's identity providers, as
// Cognito's parameter does; the signed-in page shows the ID token's claims.
import http from "node:http";
import * as oidc from "openid-client";

const [issuer, clientId, port = "8080"] = process.argv.slice(2);
if (!issuer || !clientId) {
  console.error("usage: node app.mjs <issuer: http://127.0.0.1:3000/<pool id>> <client id> [port]");
  process.exit(2);
}
const base = `http://localhost:${port}`;
const config = await oidc.discovery(new URL(issuer), clientId, undefined, undefined, {
  // Plain http is for a developer's own machine only; in production the issuer is https.
  execute: [oidc.allowInsecureRequests],
});

const pending = new Map(); // state -> { verifier, nonce }, while the user signs in
let signedIn = null; // this example serves one browser

function page(res, body) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!DOCTYPE html><title>Example app</title><main>${body}</main>`);
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, base);
    try {
      if (url.pathname === "/login") {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        pending.set(state, { verifier, nonce });
        const provider = url.searchParams.get("identity_provider");
        const to = oidc.buildAuthorizationUrl(config, {
          redirect_uri: `${base}/callback`,
          scope: "openid email profile",
          state,
          nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
          ...(provider ? { identity_provider: provider } : {}),
        });
        res.writeHead(302, { location: to.href }).end();
      } else if (url.pathname === "/callback") {
        const state = url.searchParams.get("state");
        const { verifier, nonce } = pending.get(state) ?? {};
        pending.delete(state);
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
        });
        signedIn = { idToken: tokens.id_token, claims: tokens.claims() };
        res.writeHead(302, { location: "/" }).end();
      } else if (url.pathname === "/logout" && signedIn) {
        const to = oidc.buildEndSessionUrl(config, {
          id_token_hint: signedIn.idToken,
          post_logout_redirect_uri: `${base}/`,
        });
        signedIn = null;
        res.writeHead(302, { location: to.href }).end();
      } else if (signedIn) {
        const { email, sub } = signedIn.claims;
        page(
          res,
          `<p id="status">Signed in as ${escape(email ?? sub)}</p><a id="logout" href="/logout">Sign out</a>` +
            `<pre id="claims">${escape(JSON.stringify(signedIn.claims, null, 2))}</pre>`,
        );
      } else {
        page(res, `<p id="status">Signed out</p><a id="login" href="/login">Sign in</a>`);
      }
    } catch (error) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(`Sign-in failed: ${error.message}`);
    }
  })
  .listen(Number(port), "localhost", () => console.log(`example app on ${base}/`));
