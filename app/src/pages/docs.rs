//! The developer page: how to reach this server and configure it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::ids;
use crate::server_fns::load_client;

#[component]
pub fn DocsPage() -> impl IntoView {
    // The default pool and client, for an OpenID Connect library or an AWS SDK.
    let client = Resource::new(|| (), |_| load_client(String::new()));
    view! {
        <Title text="Developer docs" />
        <h1 data-testid=ids::DOCS_TITLE>"Developer docs"</h1>

        <h2>"This installation"</h2>
        <Suspense fallback=|| ()>
            {move || {
                client
                    .get()
                    .and_then(Result::ok)
                    .map(|client| {
                        let discovery = format!("{}/.well-known/openid-configuration", client.issuer);
                        view! {
                            <dl class="installation">
                                <dt>"OpenID Connect issuer (default pool)"</dt>
                                <dd><code data-testid=ids::DOCS_ISSUER>{client.issuer}</code></dd>
                                <dt>"Discovery"</dt>
                                <dd><code>{discovery}</code></dd>
                                <dt>"Default app client id"</dt>
                                <dd><code data-testid=ids::DOCS_CLIENT_ID>{client.client_id}</code></dd>
                                <dt>"Its callback and sign-out URLs"</dt>
                                <dd>
                                    <code>"http://localhost:<any port>/callback"</code> ", "
                                    <code>"http://localhost:<any port>/"</code>
                                </dd>
                            </dl>
                        }
                    })
            }}
        </Suspense>

        <h2>"Endpoints"</h2>
        <table class="endpoints">
            <thead>
                <tr><th scope="col">"Method and path"</th><th scope="col">"What it does"</th></tr>
            </thead>
            <tbody>
                <tr>
                    <td><code>"POST /"</code></td>
                    <td>
                        "The Cognito API: point an AWS SDK here (" <code>"endpoint_url"</code>
                        "). Admin operations are signed with the admin key in "
                        <code>"data/admin-credentials.json"</code> "."
                    </td>
                </tr>
                <tr>
                    <td><code>"GET /<pool id>/.well-known/jwks.json"</code></td>
                    <td>"The pool's public RS256 keys (JWKS), to verify ID and access tokens offline."</td>
                </tr>
                <tr>
                    <td><code>"GET /<pool id>/.well-known/openid-configuration"</code></td>
                    <td>
                        "OpenID Connect discovery; then " <code>"/oauth2/authorize"</code> ", "
                        <code>"/oauth2/token"</code> ", " <code>"/oauth2/userInfo"</code> ", "
                        <code>"/oauth2/revoke"</code> " and " <code>"/logout"</code> "."
                    </td>
                </tr>
                <tr>
                    <td><code>"GET|POST /api/demo/notes"</code></td>
                    <td>
                        "The demo protected API: send " <code>"Authorization: Bearer <access token>"</code>
                        "; it serves only the notes of the token's " <code>"sub"</code>
                        " and answers 401 to a missing, tampered, expired or revoked token."
                    </td>
                </tr>
                <tr>
                    <td><code>"/signup /confirmUser /login /newPassword /forgotPassword /confirmForgotPassword /logout"</code></td>
                    <td>"The hosted pages; each takes " <code>"client_id"</code> " and " <code>"next"</code> "."</td>
                </tr>
                <tr>
                    <td><code>"GET /health"</code></td>
                    <td>"200 with " <code>"{\"status\":\"ok\"}"</code> " when the server and its database answer, 503 otherwise."</td>
                </tr>
            </tbody>
        </table>

        <h2>"Configuration"</h2>
        <p>
            "Settings come from built-in defaults, then an optional " <code>"cognate.toml"</code>
            " in the working directory (or the file given with " <code>"--config"</code>
            "), then environment variables named " <code>"COGNATE_SECTION__KEY"</code>
            ", for example " <code>"COGNATE_SERVER__BIND=0.0.0.0:3000"</code>
            ". An unknown key stops the server with a message naming it."
        </p>
        <p>"The README lists every key."</p>
    }
}
