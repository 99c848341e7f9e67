//! The developer page: how to reach this server and configure it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::HydrationMark;
use crate::ids;
use crate::server_fns::load_client;

#[component]
pub fn DocsPage() -> impl IntoView {
    // The default pool and client, for an OpenID Connect library or an AWS SDK.
    let client = Resource::new(|| (), |_| load_client(String::new()));
    view! {
        <Title text="Developer docs" />
        <HydrationMark />
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

        <h2 id="doors">"The four doors"</h2>
        <p>
            "Hosted pages for people, OAuth 2.0 and OpenID Connect for apps, the Cognito API for "
            "AWS SDKs, and the Cognito Identity API for AWS credentials: four ways onto the same "
            "user pools."
        </p>
        <table class="endpoints">
            <thead>
                <tr><th scope="col">"Method and path"</th><th scope="col">"What it does"</th></tr>
            </thead>
            <tbody>
                <tr><td><code>"POST /"</code></td><td>"The Cognito API (AWSCognitoIdentityProviderService.*) and the Cognito Identity API (AWSCognitoIdentityService.*): point an AWS SDK here. Admin operations are signed (SigV4) with the key in data/admin-credentials.json."</td></tr>
                <tr><td><code>"GET /signup, /confirmUser, /login, /newPassword, /forgotPassword, /confirmForgotPassword"</code></td><td>"The hosted sign-up, sign-in and reset pages; each takes client_id and next."</td></tr>
                <tr><td><code>"GET /mfa, /passkey, /account"</code></td><td>"A sign-in's second step, the offer of a passkey after a password sign-in, and the user's own account."</td></tr>
                <tr><td><code>"GET /logout"</code></td><td>"Ends the hosted session and revokes its tokens; back to /login or an app's sign-out URL."</td></tr>
                <tr><td><code>"GET /<pool id>/.well-known/openid-configuration"</code></td><td>"OpenID Connect discovery."</td></tr>
                <tr><td><code>"GET /<pool id>/.well-known/jwks.json"</code></td><td>"The pool's public RS256 keys (JWKS), to verify ID and access tokens offline."</td></tr>
                <tr><td><code>"GET /oauth2/authorize"</code></td><td>"The authorization code flow (PKCE, required of a client without a secret); identity_provider or idp_identifier go straight to a provider."</td></tr>
                <tr><td><code>"POST /oauth2/token"</code></td><td>"Codes, refresh tokens and client credentials for tokens."</td></tr>
                <tr><td><code>"GET /oauth2/userInfo"</code></td><td>"The access token's user's claims."</td></tr>
                <tr><td><code>"POST /oauth2/revoke"</code></td><td>"Revokes a refresh token and its sign-in."</td></tr>
                <tr><td><code>"GET /oauth2/continue"</code></td><td>"Back from the sign-in pages to the app that asked: its callback with a code."</td></tr>
                <tr><td><code>"GET /oauth2/federate, /oauth2/idpresponse"</code></td><td>"To an identity provider, and back from it (OIDC and the social providers)."</td></tr>
                <tr><td><code>"POST /saml2/idpresponse, GET /saml2/logout"</code></td><td>"A SAML provider's response (the ACS URL), and its answer to a sign-out."</td></tr>
                <tr><td><code>"GET /feedback"</code></td><td>"Where a risk notice's links lead: the user says whether a sign-in was them."</td></tr>
                <tr><td><code>"POST /api/<form>"</code></td><td>"The pages' server functions: form posts, or the hydrated page's calls."</td></tr>
                <tr><td><code>"GET|POST /api/demo/notes"</code></td><td>"The demo protected API: Authorization: Bearer <access token>; 401 for a missing, tampered, expired or revoked token."</td></tr>
                <tr><td><code>"GET /demo"</code></td><td>"The demo protected page."</td></tr>
                <tr>
                    <td><code>"GET /branding/…"</code></td>
                    <td>
                        "An app client's look: its stylesheet ("<code>"client/<client id>/style.css"</code>
                        "), its branding style's images ("<code>"<style id>/<CATEGORY>/<MODE>"</code>
                        ") and its classic logo ("<code>"ui/<pool id>/<client id or ALL>/logo.<ext>"</code>"), set with the Cognito API's branding operations."
                    </td>
                </tr>
                <tr><td><code>"GET /health"</code></td><td>"200 with {\"status\":\"ok\"} when the server and its database answer, 503 otherwise."</td></tr>
            </tbody>
        </table>

        <h2 id="user-pools">"User pools"</h2>
        <p>
            "CreateUserPool and CreateUserPoolClient through the Cognito API (or the default pool "
            "made on first start); sign-up with emailed codes, sign-in with a password "
            "(USER_PASSWORD_AUTH, USER_SRP_AUTH), CUSTOM_AUTH and USER_AUTH, groups, custom "
            "attributes, Lambda or webhook triggers, and threat protection (compromised "
            "passwords, risky sign-ins, auth events)."
        </p>

        <h2 id="mfa">"MFA and passkeys"</h2>
        <p>
            "SetUserPoolMfaConfig turns on authenticator apps and emailed codes; remembered "
            "devices skip them. Passkeys: Policies.SignInPolicy.AllowedFirstAuthFactors with "
            "WEB_AUTHN, WebAuthnConfiguration for the relying party, ALLOW_USER_AUTH on the "
            "client; then Start/CompleteWebAuthnRegistration, and USER_AUTH signs in with a "
            "passkey or an emailed code."
        </p>

        <h2 id="federation">"Federation"</h2>
        <p>
            "CreateIdentityProvider with an OpenID Connect provider, Google, Facebook, Login with "
            "Amazon, Sign in with Apple or SAML 2.0; the sign-in page offers each to the clients "
            "that list it, and /oauth2/idpresponse and /saml2/idpresponse are the addresses to "
            "register at the provider."
        </p>

        <h2 id="identity-pools">"Identity pools"</h2>
        <p>
            "CreateIdentityPool, GetId and GetCredentialsForIdentity (Cognito Identity): "
            "temporary AWS credentials for signed-in and guest users, from the STS set in "
            <code>"identity.sts_endpoint"</code> "."
        </p>

        <h2 id="several-nodes">"Several nodes, and every setting"</h2>
        <p>
            "With " <code>"database.url"</code> " naming a PostgreSQL database, any number of "
            "nodes share it behind a load balancer: no sticky sessions. Settings come from "
            "built-in defaults, then an optional " <code>"cognate.toml"</code>
            " in the working directory (or the file given with " <code>"--config"</code>
            "), then environment variables named " <code>"COGNATE_SECTION__KEY"</code>
            ". An unknown key stops the server with a message naming it."
        </p>
        <table class="endpoints">
            <thead>
                <tr>
                    <th scope="col">"Key"</th>
                    <th scope="col">"Environment variable"</th>
                    <th scope="col">"Default"</th>
                    <th scope="col">"Meaning"</th>
                </tr>
            </thead>
            <tbody>
                <tr><td><code>"data_dir"</code></td><td><code>"COGNATE_DATA_DIR"</code></td><td>"data"</td><td>"The SQLite file and other generated files."</td></tr>
                <tr><td><code>"server.bind"</code></td><td><code>"COGNATE_SERVER__BIND"</code></td><td>"127.0.0.1:3000"</td><td>"Listen address."</td></tr>
                <tr><td><code>"server.public_url"</code></td><td><code>"COGNATE_SERVER__PUBLIC_URL"</code></td><td>"http://<bind>"</td><td>"The URL users reach: issuers, links and the passkeys' relying party come from it."</td></tr>
                <tr><td><code>"server.trusted_proxies"</code></td><td><code>"COGNATE_SERVER__TRUSTED_PROXIES"</code></td><td>"[]"</td><td>"Addresses whose X-Forwarded-For names the client."</td></tr>
                <tr><td><code>"server.max_connections"</code></td><td><code>"COGNATE_SERVER__MAX_CONNECTIONS"</code></td><td>"4096"</td><td>"Connections open at once."</td></tr>
                <tr><td><code>"server.header_read_timeout_seconds"</code></td><td><code>"COGNATE_SERVER__HEADER_READ_TIMEOUT_SECONDS"</code></td><td>"10"</td><td>"Time to send a request's headers."</td></tr>
                <tr><td><code>"server.body_read_timeout_seconds"</code></td><td><code>"COGNATE_SERVER__BODY_READ_TIMEOUT_SECONDS"</code></td><td>"10"</td><td>"Longest wait for a request body's next bytes."</td></tr>
                <tr><td><code>"server.request_timeout_seconds"</code></td><td><code>"COGNATE_SERVER__REQUEST_TIMEOUT_SECONDS"</code></td><td>"30"</td><td>"A request's whole time."</td></tr>
                <tr><td><code>"server.password_queue"</code></td><td><code>"COGNATE_SERVER__PASSWORD_QUEUE"</code></td><td>"256"</td><td>"Password hashes that may wait for a thread."</td></tr>
                <tr><td><code>"database.url"</code></td><td><code>"COGNATE_DATABASE__URL"</code></td><td>"sqlite://<data_dir>/cognate.db"</td><td>"SQLite, or postgres://… for several nodes."</td></tr>
                <tr><td><code>"database.max_connections"</code></td><td><code>"COGNATE_DATABASE__MAX_CONNECTIONS"</code></td><td>"8"</td><td>"Connection pool size, per node."</td></tr>
                <tr><td><code>"log.format"</code></td><td><code>"COGNATE_LOG__FORMAT"</code></td><td>"human"</td><td>"human or json."</td></tr>
                <tr><td><code>"log.filter"</code></td><td><code>"COGNATE_LOG__FILTER"</code></td><td>"info"</td><td>"A tracing filter; RUST_LOG overrides it."</td></tr>
                <tr><td><code>"mail.from"</code></td><td><code>"COGNATE_MAIL__FROM"</code></td><td>"Cognate <no-reply@localhost>"</td><td>"Sender of codes and notices."</td></tr>
                <tr><td><code>"mail.smtp_url"</code></td><td><code>"COGNATE_MAIL__SMTP_URL"</code></td><td>"unset"</td><td>"SMTP relay; unset, the file outbox."</td></tr>
                <tr><td><code>"default_pool.region"</code></td><td><code>"COGNATE_DEFAULT_POOL__REGION"</code></td><td>"local"</td><td>"Prefix of pool ids."</td></tr>
                <tr><td><code>"default_pool.name"</code></td><td><code>"COGNATE_DEFAULT_POOL__NAME"</code></td><td>"Default pool"</td><td>"The pool made on first start."</td></tr>
                <tr><td><code>"default_pool.client_name"</code></td><td><code>"COGNATE_DEFAULT_POOL__CLIENT_NAME"</code></td><td>"Default app client"</td><td>"Its app client."</td></tr>
                <tr><td><code>"admin.access_key_id, admin.secret_access_key"</code></td><td><code>"COGNATE_ADMIN__ACCESS_KEY_ID"</code></td><td>"generated"</td><td>"The key that signs the admin operations."</td></tr>
                <tr><td><code>"limits.*"</code></td><td><code>"COGNATE_LIMITS__…"</code></td><td>"see the README"</td><td>"Lockout, wrong codes, codes sent, requests per address."</td></tr>
                <tr><td><code>"identity.sts_endpoint"</code></td><td><code>"COGNATE_IDENTITY__STS_ENDPOINT"</code></td><td>"unset"</td><td>"The STS of identity pools' credentials."</td></tr>
                <tr><td><code>"triggers.lambda_endpoint"</code></td><td><code>"COGNATE_TRIGGERS__LAMBDA_ENDPOINT"</code></td><td>"AWS's, by region"</td><td>"Where LambdaConfig ARNs are called."</td></tr>
                <tr><td><code>"triggers.access_key_id, triggers.secret_access_key"</code></td><td><code>"COGNATE_TRIGGERS__ACCESS_KEY_ID"</code></td><td>"the AWS environment"</td><td>"Credentials for Lambda calls."</td></tr>
                <tr><td><code>"triggers.webhook_secret"</code></td><td><code>"COGNATE_TRIGGERS__WEBHOOK_SECRET"</code></td><td>"unset"</td><td>"The Standard Webhooks secret of webhook triggers."</td></tr>
                <tr><td><code>"triggers.timeout_seconds"</code></td><td><code>"COGNATE_TRIGGERS__TIMEOUT_SECONDS"</code></td><td>"5"</td><td>"A function's time to answer."</td></tr>
                <tr><td><code>"triggers.max_concurrent_calls"</code></td><td><code>"COGNATE_TRIGGERS__MAX_CONCURRENT_CALLS"</code></td><td>"256"</td><td>"Calls to functions at once."</td></tr>
                <tr><td><code>"triggers.max_concurrent_calls_per_function"</code></td><td><code>"COGNATE_TRIGGERS__MAX_CONCURRENT_CALLS_PER_FUNCTION"</code></td><td>"64"</td><td>"Calls to one function at once."</td></tr>
                <tr><td><code>"threat.breached_passwords_file"</code></td><td><code>"COGNATE_THREAT__BREACHED_PASSWORDS_FILE"</code></td><td>"unset"</td><td>"A Have I Been Pwned file of breached passwords."</td></tr>
                <tr><td><code>"threat.geoip_db"</code></td><td><code>"COGNATE_THREAT__GEOIP_DB"</code></td><td>"unset"</td><td>"A GeoIP database (MaxMind's format)."</td></tr>
                <tr><td><code>"threat.event_retention_days"</code></td><td><code>"COGNATE_THREAT__EVENT_RETENTION_DAYS"</code></td><td>"90"</td><td>"Days each auth event is kept."</td></tr>
                <tr><td><code>"demo.files_url, demo.files_bucket"</code></td><td><code>"COGNATE_DEMO__FILES_URL"</code></td><td>"the STS endpoint, files"</td><td>"The demo page's S3 server and bucket."</td></tr>
                <tr><td><code>"demo.required_scope"</code></td><td><code>"COGNATE_DEMO__REQUIRED_SCOPE"</code></td><td>"unset"</td><td>"A scope every token must hold for the demo API."</td></tr>
            </tbody>
        </table>
    }
}
