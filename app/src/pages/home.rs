//! The landing page: what Cognate is, and where to go next.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::password_checklist::PasswordChecklist;
use crate::ids;
use crate::policy::PasswordPolicy;

#[component]
pub fn HomePage() -> impl IntoView {
    let (password, set_password) = signal(String::new());

    view! {
        <Title text="" />
        <section class="hero">
            <h1 data-testid=ids::HOME_TITLE>"Cognate"</h1>
            <p class="lead" data-testid=ids::HOME_LEAD>
                "A self-hosted user pool with the shape of Amazon Cognito: hosted sign-in pages, "
                "OAuth 2.0 and OpenID Connect, and the Cognito API, so that code written for "
                "Cognito works by changing only the endpoint."
            </p>
        </section>

        <section class="cards">
            <article class="card">
                <h2>"For people signing in"</h2>
                <p>
                    "Hosted pages to sign up, confirm an emailed code, sign in, reset a "
                    "forgotten password and sign out. They work with JavaScript off and "
                    "get livelier with it on."
                </p>
            </article>
            <article class="card">
                <h2>"For app developers"</h2>
                <p>
                    "ID, access and refresh tokens with Cognito's claims, signed with RS256 "
                    "and verifiable offline against the pool's JWKS. Point an OpenID Connect "
                    "library or an AWS SDK at this server."
                </p>
                <p><a href="/docs">"Read the developer docs"</a></p>
            </article>
            <article class="card">
                <h2>"For operators"</h2>
                <p>
                    "One binary with an embedded SQLite file by default. A default user pool "
                    "and app client are created on first start and printed in the log."
                </p>
            </article>
        </section>

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
