//! How soon a node refuses a sign-in that another node ended: two servers on one PostgreSQL
//! database; a user signs in on A, B checks the access token (and so remembers the
//! sign-in), A signs the user out everywhere, and B is asked again until it refuses. The
//! bound the README states holds whether or not the notification arrives; this measures how
//! soon it does.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;

use crate::cognito::call;
use crate::load::PASSWORD;
use crate::server::{Node, Server};
use crate::{Fail, create_pool_and_client};

/// Sign-outs measured.
const SAMPLES: usize = 20;

/// The staleness bound the server states (`PgStore`'s `STALE_AFTER`).
const BOUND: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, Serialize)]
pub struct Staleness {
    pub samples: usize,
    pub p50_ms: f64,
    pub max_ms: f64,
    pub bound_seconds: u64,
}

pub async fn measure(
    binary: &Path,
    workdir: &Path,
    http: &reqwest::Client,
    url: &str,
) -> Result<Staleness, Fail> {
    let node = |name| Node {
        name,
        database_url: Some(url),
        public_url: Some("http://cognate.bench"),
        functions: None,
    };
    let a = Server::start(binary, workdir, http, &node("node-a")).await?;
    let b = Server::start(binary, workdir, http, &node("node-b")).await?;
    let (pool_id, client_id) = create_pool_and_client(http, &a.base).await?;
    let username = "staleness";
    call(
        http,
        &a.base,
        "AdminCreateUser",
        &json!({"UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS"}),
        true,
    )
    .await?;
    call(
        http,
        &a.base,
        "AdminSetUserPassword",
        &json!({"UserPoolId": pool_id, "Username": username, "Password": PASSWORD, "Permanent": true}),
        true,
    )
    .await?;
    let mut took = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let signed_in = call(
            http,
            &a.base,
            "InitiateAuth",
            &json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                    "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
            false,
        )
        .await?;
        let access = &signed_in["AuthenticationResult"]["AccessToken"];
        let get_user = json!({"AccessToken": access});
        call(http, &b.base, "GetUser", &get_user, false).await?;
        call(http, &a.base, "GlobalSignOut", &get_user, false).await?;
        let signed_out = Instant::now();
        while call(http, &b.base, "GetUser", &get_user, false)
            .await
            .is_ok()
        {
            if signed_out.elapsed() > 2 * BOUND {
                return Err("node B still accepts a token signed out on A".into());
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        took.push(signed_out.elapsed().as_secs_f64() * 1000.0);
    }
    took.sort_by(f64::total_cmp);
    Ok(Staleness {
        samples: SAMPLES,
        p50_ms: took[SAMPLES / 2],
        max_ms: took[SAMPLES - 1],
        bound_seconds: BOUND.as_secs(),
    })
}
