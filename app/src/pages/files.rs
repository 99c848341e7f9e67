//! The demo page's "Your files": once hydrated, the browser trades the user's ID token for
//! short-term credentials through the Cognito Identity API (GetId, then
//! GetCredentialsForIdentity, unsigned, on this server's `/`) and lists and writes the
//! user's own folder, `private/<identity id>/`, on the S3 server with SigV4 (`crate::sigv4`).
//! The S3 server (SeaweedFS) enforces the role's policy; nothing here decides access.

use leptos::prelude::*;

use crate::dto::FilesView;
use crate::ids;

#[component]
pub fn YourFiles(view: FilesView) -> impl IntoView {
    let (identity, set_identity) = signal(None::<String>);
    let (files, set_files) = signal(Vec::<String>::new());
    let (status, set_status) = signal(
        "Your files are loaded by your browser: this part of the page needs JavaScript."
            .to_string(),
    );
    let name_input = NodeRef::<leptos::html::Input>::new();
    let body_input = NodeRef::<leptos::html::Textarea>::new();
    let bucket = view.bucket.clone();

    #[cfg(feature = "hydrate")]
    let session = StoredValue::new(None::<browser::Session>);

    #[cfg(feature = "hydrate")]
    {
        let view = view.clone();
        Effect::new(move |_| {
            let view = view.clone();
            leptos::task::spawn_local(async move {
                set_status.set("Getting credentials from the identity pool…".into());
                let outcome = async {
                    let session = browser::Session::start(&view).await?;
                    let listed = session.list().await?;
                    Ok::<_, String>((session, listed))
                }
                .await;
                match outcome {
                    Ok((started, listed)) => {
                        set_identity.set(Some(started.identity_id.clone()));
                        set_files.set(listed);
                        set_status.set("Listed from the S3 server with your credentials.".into());
                        session.set_value(Some(started));
                    }
                    Err(message) => set_status.set(message),
                }
            });
        });
    }

    let on_upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let (Some(name), Some(body)) = (name_input.get(), body_input.get()) else {
                return;
            };
            let Some(current) = session.get_value() else {
                set_status.set("No credentials yet: wait for the list, or reload.".into());
                return;
            };
            let file_name = name.value();
            let text = body.value();
            leptos::task::spawn_local(async move {
                let outcome = async {
                    current.put(&file_name, &text).await?;
                    current.list().await
                }
                .await;
                match outcome {
                    Ok(listed) => {
                        name.set_value("");
                        body.set_value("");
                        set_files.set(listed);
                        set_status.set(format!("Uploaded {file_name}."));
                    }
                    Err(message) => set_status.set(message),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (
                &name_input,
                &body_input,
                set_files,
                set_status,
                set_identity,
            );
        }
    };

    view! {
        <h2>"Your files"</h2>
        <p class="aside">
            "Stored on the S3 server in " <code>{bucket}</code> " under "
            <code>"private/"</code>
            <code data-testid=ids::FILES_IDENTITY>
                {move || identity.get().unwrap_or_else(|| "<your identity id>".into())}
            </code> <code>"/"</code>
            ": the identity pool's credentials let you reach only that folder."
        </p>
        <p data-testid=ids::FILES_STATUS role="status">
            {move || status.get()}
        </p>
        <form class="file-form" on:submit=on_upload>
            <label for="file-name">"File name"</label>
            <input
                id="file-name"
                name="name"
                node_ref=name_input
                required
                maxlength="100"
                pattern="[A-Za-z0-9._\\-]+"
                autocomplete="off"
                data-testid=ids::FILE_NAME_INPUT
            />
            <label for="file-body">"Contents"</label>
            <textarea
                id="file-body"
                name="body"
                node_ref=body_input
                maxlength="10000"
                data-testid=ids::FILE_BODY_INPUT
            ></textarea>
            <button type="submit" data-testid=ids::FILE_UPLOAD>"Upload"</button>
        </form>
        <ul class="files" data-testid=ids::FILES_LIST>
            <For each=move || files.get() key=|name: &String| name.clone() let(name)>
                <li data-testid=ids::FILE_ITEM>{name}</li>
            </For>
        </ul>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use gloo_net::http::Request;
    use serde::Deserialize;

    use crate::dto::FilesView;
    use crate::sigv4::{self, Credentials};

    /// SeaweedFS's region: any is accepted; S3 clients use this one by default.
    const S3_REGION: &str = "us-east-1";

    /// The identity and its credentials, and where the files are.
    #[derive(Clone)]
    pub struct Session {
        pub identity_id: String,
        credentials: Credentials,
        endpoint: String,
        host: String,
        bucket: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct IdAnswer {
        identity_id: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct CredentialsAnswer {
        credentials: CredentialsType,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct CredentialsType {
        access_key_id: String,
        secret_key: String,
        session_token: String,
    }

    #[derive(Deserialize)]
    struct ApiError {
        #[serde(rename = "__type", default)]
        kind: String,
        #[serde(default)]
        message: String,
    }

    /// One Cognito Identity call on this server, unsigned as an app makes it.
    async fn identity_call<T: serde::de::DeserializeOwned>(
        operation: &str,
        body: serde_json::Value,
    ) -> Result<T, String> {
        let response = Request::post("/")
            .header("Content-Type", "application/x-amz-json-1.1")
            .header(
                "X-Amz-Target",
                &format!("AWSCognitoIdentityService.{operation}"),
            )
            .body(body.to_string())
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| format!("The identity pool is unreachable: {e}"))?;
        if !response.ok() {
            let error: ApiError = response.json().await.unwrap_or(ApiError {
                kind: String::new(),
                message: String::new(),
            });
            return Err(format!("{operation}: {} {}", error.kind, error.message));
        }
        response
            .json::<T>()
            .await
            .map_err(|e| format!("{operation}'s answer is unreadable: {e}"))
    }

    /// Now as SigV4's `YYYYMMDDTHHMMSSZ`.
    fn amz_date() -> String {
        let iso = String::from(js_sys::Date::new_0().to_iso_string());
        let whole = iso.split('.').next().unwrap_or(&iso);
        format!("{}Z", whole.replace(['-', ':'], ""))
    }

    impl Session {
        /// GetId with the user's ID token, then GetCredentialsForIdentity.
        pub async fn start(view: &FilesView) -> Result<Self, String> {
            let logins = serde_json::json!({ view.provider.clone(): view.id_token.clone() });
            let IdAnswer { identity_id } = identity_call(
                "GetId",
                serde_json::json!({ "IdentityPoolId": view.identity_pool_id, "Logins": logins }),
            )
            .await?;
            let CredentialsAnswer { credentials } = identity_call(
                "GetCredentialsForIdentity",
                serde_json::json!({ "IdentityId": identity_id, "Logins": logins }),
            )
            .await?;
            let host = view
                .endpoint
                .split_once("://")
                .map_or(view.endpoint.as_str(), |(_, rest)| rest)
                .split('/')
                .next()
                .unwrap_or_default()
                .to_string();
            Ok(Self {
                identity_id,
                credentials: Credentials {
                    access_key_id: credentials.access_key_id,
                    secret_access_key: credentials.secret_key,
                    session_token: Some(credentials.session_token),
                },
                endpoint: view.endpoint.clone(),
                host,
                bucket: view.bucket.clone(),
            })
        }

        fn folder(&self) -> String {
            format!("private/{}/", self.identity_id)
        }

        /// ListObjectsV2 of the user's folder: the file names, without the folder.
        pub async fn list(&self) -> Result<Vec<String>, String> {
            let folder = self.folder();
            let path = format!("/{}", sigv4::encode(&self.bucket, false));
            let query = [("list-type", "2"), ("prefix", folder.as_str())];
            let signed = sigv4::sign(
                &sigv4::Request {
                    method: "GET",
                    host: &self.host,
                    path: &path,
                    query: &query,
                    payload: b"",
                },
                &self.credentials,
                S3_REGION,
                "s3",
                &amz_date(),
            );
            let mut request = Request::get(&format!("{}{path}?{}", self.endpoint, signed.query));
            for (name, value) in &signed.headers {
                request = request.header(name, value);
            }
            let response = request
                .send()
                .await
                .map_err(|e| format!("The S3 server is unreachable: {e}"))?;
            let text = response.text().await.map_err(|e| e.to_string())?;
            if !response.ok() {
                return Err(format!(
                    "The S3 server answered {} to the list.",
                    response.status()
                ));
            }
            let keys = sigv4::listed_keys(&text).ok_or("The S3 server's list is unreadable.")?;
            Ok(keys
                .into_iter()
                .filter_map(|key| key.strip_prefix(&folder).map(str::to_string))
                .collect())
        }

        /// PutObject of `name` in the user's folder.
        pub async fn put(&self, name: &str, body: &str) -> Result<(), String> {
            let path = format!(
                "/{}/{}",
                sigv4::encode(&self.bucket, false),
                sigv4::encode(&format!("{}{name}", self.folder()), true)
            );
            let signed = sigv4::sign(
                &sigv4::Request {
                    method: "PUT",
                    host: &self.host,
                    path: &path,
                    query: &[],
                    payload: body.as_bytes(),
                },
                &self.credentials,
                S3_REGION,
                "s3",
                &amz_date(),
            );
            let mut request = Request::put(&format!("{}{path}", self.endpoint));
            for (name, value) in &signed.headers {
                request = request.header(name, value);
            }
            let response = request
                .body(body.to_string())
                .map_err(|e| e.to_string())?
                .send()
                .await
                .map_err(|e| format!("The S3 server is unreachable: {e}"))?;
            if response.ok() {
                Ok(())
            } else {
                Err(format!(
                    "The S3 server answered {} to the upload.",
                    response.status()
                ))
            }
        }
    }
}
