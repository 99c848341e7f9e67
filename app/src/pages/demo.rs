//! `/demo`: the demo protected page. The server renders the signed-in user's ID-token
//! claims and notes; once hydrated, the page reads and adds notes through the notes API
//! with the access token as `Authorization: Bearer`, as a single-page app would.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::{GoTo, mark_hydrated};
use crate::dto::{DemoView, NoteView};
use crate::ids;
use crate::pages::files::YourFiles;
use crate::server_fns::load_demo;

#[island(lazy)]
pub fn DemoPage() -> impl IntoView {
    mark_hydrated();
    let view = Resource::new(|| (), |_| load_demo());
    view! {
        <Title text="Demo" />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(Some(view)) => view! { <DemoContent view /> }.into_any(),
                    Ok(None) => view! { <GoTo path="/login?next=%2Fdemo" /> }.into_any(),
                    Err(error) => {
                        view! {
                            <p class="form-error" role="alert">
                                {error.message}
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn DemoContent(view: DemoView) -> impl IntoView {
    let DemoView {
        claims,
        access_token,
        notes,
        files,
    } = view;
    let (notes, set_notes) = signal(notes);
    // "server" until the browser has fetched the list from the notes API itself.
    let (source, set_source) = signal("server");
    let (problem, set_problem) = signal(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let shown_token = access_token.clone();

    #[cfg(feature = "hydrate")]
    {
        let token = access_token.clone();
        Effect::new(move |_| {
            let token = token.clone();
            leptos::task::spawn_local(async move {
                match api::list(&token).await {
                    Ok(list) => {
                        set_notes.set(list);
                        set_source.set("api");
                    }
                    Err(message) => set_problem.set(Some(message)),
                }
            });
        });
    }

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        // Hydrated, the note goes through the notes API; without JavaScript this handler
        // never runs and the form posts to the server function instead.
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let Some(field) = input.get() else { return };
            let body = field.value();
            let token = access_token.clone();
            leptos::task::spawn_local(async move {
                let added = api::add(&token, &body).await;
                match added {
                    Ok(()) => {
                        field.set_value("");
                        set_problem.set(None);
                        match api::list(&token).await {
                            Ok(list) => {
                                set_notes.set(list);
                                set_source.set("api");
                            }
                            Err(message) => set_problem.set(Some(message)),
                        }
                    }
                    Err(message) => set_problem.set(Some(message)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&input, &access_token, set_notes, set_source, set_problem);
        }
    };

    let claim_rows = claims
        .into_iter()
        .map(|(name, value)| {
            let label = name.clone();
            view! {
                <tr data-claim=name>
                    <th scope="row">{label}</th>
                    <td>{value}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <section class="demo" aria-labelledby="page-title">
            <h1 id="page-title" data-testid=ids::PAGE_TITLE>"You are signed in"</h1>
            <p>
                "This page is protected: without a session it sends you to the sign-in page. "
                <a href="/logout" rel="external" data-testid=ids::SIGN_OUT_LINK>"Sign out"</a>
                " · "
                <a href="/account" data-testid=ids::ACCOUNT_LINK>"Manage your account"</a>
            </p>
            <h2>"Your ID token's claims"</h2>
            <table class="claims" data-testid=ids::DEMO_CLAIMS>
                <tbody>{claim_rows}</tbody>
            </table>

            <details class="token">
                <summary>"Your access token"</summary>
                <p class="aside">
                    "What this page sends as " <code>"Authorization: Bearer"</code>
                    ". It expires an hour after this page was loaded."
                </p>
                <code data-testid=ids::ACCESS_TOKEN>{shown_token}</code>
            </details>

            <h2>"Your notes"</h2>
            <p class="aside">
                "Served by " <code>"/api/demo/notes"</code>
                ", which checks the access token offline against the pool's keys and shows only yours. "
                <span data-testid=ids::NOTES_SOURCE data-source=source>
                    {move || {
                        if source.get() == "api" {
                            "Loaded by your browser with the access token."
                        } else {
                            "Loaded by the server."
                        }
                    }}
                </span>
            </p>
            <form method="post" action="/api/add_note" class="note-form" on:submit=on_submit>
                <label for="note">"New note"</label>
                <input
                    id="note"
                    name="body"
                    node_ref=input
                    required
                    maxlength="500"
                    autocomplete="off"
                    data-testid=ids::NOTE_INPUT
                />
                <button type="submit" data-testid=ids::NOTE_SUBMIT>"Add note"</button>
            </form>
            <div class="form-error" role="alert" aria-live="assertive">
                {move || problem.get().map(|message| view! { <p>{message}</p> })}
            </div>
            <ul class="notes" data-testid=ids::NOTE_LIST>
                <For each=move || notes.get() key=|note: &NoteView| note.id let(note)>
                    <li data-testid=ids::NOTE_ITEM>{note.body}</li>
                </For>
            </ul>

            {match files {
                Some(view) => view! { <YourFiles view /> }.into_any(),
                None => {
                    view! {
                        <h2>"Your files"</h2>
                        <p class="aside" data-testid=ids::FILES_STATUS>
                            "No identity pool serves files to this app yet: start Cognate with "
                            <code>"identity.sts_endpoint"</code> " and run "
                            <code>"make demo-s3"</code> " (README, \"Identity pools\")."
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod api {
    use gloo_net::http::Request;

    use crate::dto::{NewNote, NoteView, NotesPage};

    const NOTES: &str = "/api/demo/notes";

    pub async fn list(token: &str) -> Result<Vec<NoteView>, String> {
        let response = Request::get(NOTES)
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await
            .map_err(|e| format!("The notes API is unreachable: {e}"))?;
        if !response.ok() {
            return Err(format!("The notes API answered {}.", response.status()));
        }
        response
            .json::<NotesPage>()
            .await
            .map(|page| page.notes)
            .map_err(|e| format!("The notes API's answer is unreadable: {e}"))
    }

    pub async fn add(token: &str, body: &str) -> Result<(), String> {
        let response = Request::post(NOTES)
            .header("Authorization", &format!("Bearer {token}"))
            .json(&NewNote {
                body: body.to_string(),
            })
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| format!("The notes API is unreachable: {e}"))?;
        if response.ok() {
            Ok(())
        } else {
            Err(format!("The notes API answered {}.", response.status()))
        }
    }
}
