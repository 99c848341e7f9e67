//! The landing page: what Cognate is, and where to go next.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::mark_hydrated;
use crate::components::password_checklist::PasswordChecklist;
use crate::ids;
use crate::policy::PasswordPolicy;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="hero">
            <h1 data-testid=ids::HOME_TITLE>"Cognate"</h1>
            <p class="lead" data-testid=ids::HOME_LEAD>
                "A self-hosted Amazon Cognito: user pools and identity pools in one binary, "
                "with Cognito's API, its hosted sign-in pages and OpenID Connect, so that code "
                "written for Cognito works by changing only the endpoint."
            </p>
        </section>

        <section class="cards" aria-label="What Cognate does">
            <article class="card">
                <h2>"User pools"</h2>
                <p>
                    "Sign-up with emailed codes, sign-in with a password, a passkey or an "
                    "emailed code, groups, custom attributes, triggers and threat protection."
                </p>
                <p><a href="/docs#user-pools">"User pools in the docs"</a></p>
            </article>
            <article class="card">
                <h2>"MFA and passkeys"</h2>
                <p>
                    "Authenticator apps, emailed codes, remembered devices, and passkeys "
                    "(WebAuthn) that sign in without a password."
                </p>
                <p><a href="/docs#mfa">"MFA and passkeys in the docs"</a></p>
            </article>
            <article class="card">
                <h2>"Federation"</h2>
                <p>
                    "Sign in with an OpenID Connect provider, Google, Facebook, Apple, Amazon "
                    "or a SAML 2.0 identity provider."
                </p>
                <p><a href="/docs#federation">"Federation in the docs"</a></p>
            </article>
            <article class="card">
                <h2>"Identity pools"</h2>
                <p>
                    "Temporary AWS credentials for signed-in and guest users, through an STS "
                    "such as SeaweedFS's."
                </p>
                <p><a href="/docs#identity-pools">"Identity pools in the docs"</a></p>
            </article>
            <article class="card">
                <h2>"Four doors"</h2>
                <p>
                    "Hosted pages (they work with JavaScript off), OAuth 2.0 and OpenID "
                    "Connect, the Cognito API and the Cognito Identity API: an AWS SDK or an "
                    "OpenID Connect library works unchanged."
                </p>
                <p><a href="/docs#doors">"The doors and their endpoints"</a></p>
            </article>
            <article class="card">
                <h2>"Several nodes"</h2>
                <p>
                    "One binary with a SQLite file by default; PostgreSQL when one machine is "
                    "not enough, with any number of nodes behind a load balancer."
                </p>
                <p><a href="/docs#several-nodes">"Running several nodes, and every setting"</a></p>
            </article>
        </section>

        <PasswordTry />
    }
}

/// The default password policy's checklist, ticking as a visitor types: the page's one
/// island.
#[island]
fn PasswordTry() -> impl IntoView {
    mark_hydrated();
    let (password, set_password) = signal(String::new());
    view! {
    <section class="try" aria-labelledby="try-heading">
        <h2 id="try-heading">"The default password policy"</h2>
        <p>"Type a password to see which of the default pool's rules it meets."</p>
        <label for="try-password">"Password to check (not sent anywhere)"</label>
        <input
            id="try-password"
            type="password"
            autocomplete="off"
            data-testid=ids::TRY_PASSWORD_INPUT
            on:input=move |ev| set_password.set(event_target_value(&ev))
            prop:value=password
        />
        <PasswordChecklist policy=PasswordPolicy::default() password=password />
    </section>
    }
}
