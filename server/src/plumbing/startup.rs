//! Start-up: opens the store, ensures the default pool, builds the router and serves
//! until asked to stop.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use app::port::{AccountUi, DemoUi, HostedUi};
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{Request, StatusCode};
use axum::middleware;
use axum::routing::{get, post};
use leptos::config::{LeptosOptions, get_configuration};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower_http::timeout::{TimeoutBody, TimeoutLayer};
use tower_http::trace::TraceLayer;

use crate::adapters::mailer::{self, Mailer};
use crate::adapters::store::{Database, OpenError};
use crate::clock::{Clock, SystemClock};
use crate::doors::cognito_api::{self, CognitoApi, CredentialsError};
use crate::doors::demo::{self, Demo};
use crate::doors::hosted::{self, Hosted};
use crate::doors::oidc;
use crate::plumbing::admission::{self, Admission};
use crate::plumbing::config::{ConfigError, Settings};
use crate::plumbing::guard;
use crate::plumbing::health::health;
use crate::plumbing::serve::{ConnectionLimits, serve};
use crate::pool::passwords::{HashError, Passwords};
use crate::pool::store::{SignInStore, Store, StoreError};
use crate::pool::{DefaultNames, DefaultPool, PoolError, UserPool, ensure_default_pool};

/// The name cargo-leptos gives the bundle (`output-name` in the workspace Cargo.toml).
const OUTPUT_NAME: &str = "cognate";

/// What every handler can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub pool: Arc<UserPool>,
    pub hosted: Arc<Hosted>,
    pub cognito: Arc<CognitoApi>,
    pub demo: Arc<Demo>,
}

/// Why the server could not start; each names the setting to look at.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("database.url: {0}")]
    Database(#[from] OpenError),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("federation: cannot make the HTTP client: {0}")]
    Federation(String),
    #[error("triggers: {0}")]
    Triggers(String),
    #[error("threat: {0}")]
    Threat(String),
    #[error("server.bind: cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("LEPTOS_* environment: {0}")]
    Leptos(String),
    #[error("password hashing: {0}")]
    Hash(#[from] HashError),
    #[error("signing keys: {0}")]
    Keys(#[from] PoolError),
    #[error("admin credentials: {0}")]
    Credentials(#[from] CredentialsError),
}

/// A server bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: Router,
    store: Database,
    default_pool: DefaultPool,
    public_url: String,
    pool: Arc<UserPool>,
    purger: tokio::task::JoinHandle<()>,
    connections: ConnectionLimits,
    passwords: Passwords,
}

impl Application {
    /// Builds the server with the system clock.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Builds the server: opens and migrates the database, creates the default pool on
    /// first start and binds the listener (port 0 picks a free one).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StartupError> {
        let mailer: Arc<dyn Mailer> = mailer::from_settings(&settings.mail, &settings.data_dir)?;
        let store =
            Database::open(&settings.database_url(), settings.database.max_connections).await?;
        let shared: Arc<dyn Store> = store.store();
        let names = DefaultNames {
            region: &settings.default_pool.region,
            pool: &settings.default_pool.name,
            client: &settings.default_pool.client_name,
        };
        let default_pool = ensure_default_pool(shared.as_ref(), clock.as_ref(), &names).await?;

        let addr = settings.server.bind;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Bind { addr, source })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { addr, source })?;
        let mut leptos_options = leptos_options()?;
        leptos_options.site_addr = local_addr;
        // Without a configured public URL the issuer is the address actually bound (port 0
        // in tests picks one only now).
        let public_url = match settings.server.public_url {
            Some(_) => settings.public_url(),
            None => {
                let mut bound = settings.clone();
                bound.server.bind = local_addr;
                bound.public_url()
            }
        };

        let passwords = Passwords::owasp()?.with_queue_limit(settings.server.password_queue);
        let mut user_pool = UserPool::new(
            shared.clone(),
            mailer,
            passwords.clone(),
            clock.clone(),
            public_url.clone(),
            crate::doors::hosted::email_pages(&public_url),
        )
        .with_limits(settings.limits)
        .with_provider_link(Arc::new(
            crate::adapters::federation::HttpProviderLink::new()
                .map_err(|error| StartupError::Federation(error.to_string()))?,
        ))
        .with_saml(Arc::new(
            crate::adapters::saml::XmlSecurity::new().map_err(StartupError::Federation)?,
        ));
        let functions = crate::adapters::triggers::HttpFunctions::new(&settings.triggers)
            .map_err(|error| StartupError::Triggers(error.to_string()))?;
        user_pool = user_pool.with_functions(Arc::new(functions));
        if matches!(store, Database::Postgres(_)) {
            // Other nodes may share the database: their counts are this node's too.
            user_pool = user_pool.with_shared_address_limits();
        }
        if let Some(endpoint) = &settings.identity.sts_endpoint {
            let sts = crate::adapters::sts::HttpSts::new(endpoint.clone())
                .map_err(|error| StartupError::Federation(error.to_string()))?;
            user_pool = user_pool.with_sts(Arc::new(sts));
        }
        if let Some(path) = &settings.threat.breached_passwords_file {
            let corpus = crate::adapters::breached::PwnedFile::open(path)
                .map_err(|error| StartupError::Threat(error.to_string()))?;
            user_pool = user_pool.with_breached_passwords(Arc::new(corpus));
        }
        if let Some(path) = &settings.threat.geoip_db {
            let geo = crate::adapters::geo::MaxMind::open(path)
                .map_err(|error| StartupError::Threat(error.to_string()))?;
            user_pool = user_pool.with_geo(Arc::new(geo));
        }
        user_pool = user_pool.with_event_retention(settings.threat.event_retention_days);
        let pool = Arc::new(user_pool);
        // The default pool's first key is made now, not on the first sign-in.
        pool.jwks(&default_pool.pool.id).await?;
        let purger = tokio::spawn(purge_expired(shared.clone(), pool.clone(), clock.clone()));

        let hosted = Arc::new(Hosted::new(
            pool.clone(),
            default_pool.client.id.clone(),
            &public_url,
        ));
        let (admin, created) = cognito_api::load_or_create(&settings.admin, &settings.data_dir)?;
        if created {
            // The id only: the secret stays in the file, readable by the operator alone.
            tracing::info!(
                access_key_id = %admin.access_key_id,
                file = %cognito_api::credentials_path(&settings.data_dir).display(),
                "created admin credentials for the Cognito API's signed operations"
            );
        }
        let cognito = Arc::new(CognitoApi {
            pool: pool.clone(),
            admin,
            clock: clock.clone(),
            region: settings.default_pool.region.clone(),
            default_pool: default_pool.pool.id.clone(),
            default_client: default_pool.client.id.clone(),
        });
        let state = AppState {
            leptos_options,
            store: shared,
            pool: pool.clone(),
            hosted,
            cognito,
            demo: Arc::new(
                Demo::new(
                    pool.clone(),
                    store.notes(),
                    clock.clone(),
                    settings.demo.required_scope.clone(),
                )
                .with_files(settings.demo_files()),
            ),
        };
        let admission = Admission {
            pool: pool.clone(),
            trusted_proxies: settings.server.trusted_proxies.clone().into(),
            secure_cookies: public_url.starts_with("https://"),
        };
        let timeouts = Timeouts {
            body: Duration::from_secs(settings.server.body_read_timeout_seconds),
            request: Duration::from_secs(settings.server.request_timeout_seconds),
        };
        Ok(Self {
            listener,
            local_addr,
            passwords,
            connections: ConnectionLimits {
                max_connections: settings.server.max_connections,
                header_read_timeout: Duration::from_secs(
                    settings.server.header_read_timeout_seconds,
                ),
                shutdown_grace: Duration::from_secs(10),
            },
            router: router(state, &public_url, clock, admission, timeouts),
            store,
            default_pool,
            public_url,
            pool,
            purger,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn default_pool(&self) -> &DefaultPool {
        &self.default_pool
    }

    /// The domain every door calls (tests drive it directly where no door exists yet).
    pub fn user_pool(&self) -> Arc<UserPool> {
        self.pool.clone()
    }

    /// The password-hashing threads (tests count the hashes a request spent).
    pub fn passwords(&self) -> Passwords {
        self.passwords.clone()
    }

    /// `<public URL>`, the base of every issuer.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The hosted login page for the default app client.
    pub fn login_url(&self) -> String {
        format!(
            "{}/login?client_id={}",
            self.public_url, self.default_pool.client.id
        )
    }

    /// Serves until `shutdown` completes, lets requests in flight finish, then closes
    /// the database.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let served = serve(self.listener, self.router, self.connections, shutdown).await;
        self.purger.abort();
        self.store.close().await;
        served
    }
}

/// The Leptos options: those cargo-leptos passes (`LEPTOS_*`, at build or run time) when
/// it built this binary; otherwise (a plain `cargo build`, as in tests) the defaults.
fn leptos_options() -> Result<LeptosOptions, StartupError> {
    let built_by_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some();
    let mut options = if built_by_cargo_leptos {
        get_configuration(None)
            .map_err(|e| StartupError::Leptos(e.to_string()))?
            .leptos_options
    } else {
        let site_root =
            std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".to_string());
        LeptosOptions::builder()
            .output_name(OUTPUT_NAME)
            .site_root(site_root)
            .build()
    };
    options.output_name = OUTPUT_NAME.into();
    Ok(options)
}

/// The `Date` of every response is the server's clock, the one it checks signatures'
/// freshness against: AWS SDKs correct their clock skew from this header.
async fn date_header(
    axum::extract::State(clock): axum::extract::State<Arc<dyn Clock>>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    let now = std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(u64::try_from(clock.now().0).unwrap_or(0));
    if let Ok(value) = axum::http::HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
        response
            .headers_mut()
            .insert(axum::http::header::DATE, value);
    }
    response
}

/// The pages' routes, listed once per process. Listing them renders the app with every
/// resource load suppressed through a process-wide flag (leptos_server 0.8), and a
/// resource first polled while that flag is up never loads: a second server started in
/// the same process (as the tests do) would hang pages another server is rendering.
fn route_list() -> &'static [AxumRouteListing] {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App))
}

/// How long a request's body and the whole request may take (`server.*_timeout_seconds`).
#[derive(Clone, Copy, Debug)]
struct Timeouts {
    body: Duration,
    request: Duration,
}

fn router(
    state: AppState,
    public_url: &str,
    clock: Arc<dyn Clock>,
    admission: Admission,
    timeouts: Timeouts,
) -> Router {
    let routes = route_list().to_vec();
    let options = state.leptos_options.clone();
    let ui: Arc<dyn HostedUi> = state.hosted.clone();
    let account: Arc<dyn AccountUi> = state.hosted.clone();
    let demo: Arc<dyn DemoUi> = state.demo.clone();
    // The demo page's scripts call its S3 server: the pages' CSP lets them.
    let connect = app::ConnectSources(
        state
            .demo
            .files_origin()
            .map(|origin| origin.to_string())
            .into_iter()
            .collect(),
    );
    // The pages and their server functions reach the domain only through these contexts.
    let context = move || {
        provide_context(ui.clone());
        provide_context(account.clone());
        provide_context(demo.clone());
        provide_context(connect.clone());
    };
    Router::new()
        .route("/health", get(health))
        .route("/logout", get(hosted::logout))
        // The Cognito API shares `/` with the home page: POST is the API, GET the page.
        // The door reads each body up to its operation's own limit.
        .route("/", post(cognito_api::dispatch))
        .route("/identity/.well-known/jwks.json", get(oidc::identity_jwks))
        .route(
            "/identity/.well-known/openid-configuration",
            get(oidc::identity_discovery),
        )
        .route("/{pool_id}/.well-known/jwks.json", get(oidc::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(oidc::discovery),
        )
        .route("/oauth2/authorize", get(oidc::authorize))
        .route(
            "/oauth2/idpresponse",
            get(hosted::idp_response).post(hosted::idp_response_form),
        )
        .route("/oauth2/federate", get(hosted::federate))
        // A SAMLResponse is at most 100,000 characters (refused past that); form-encoded it
        // may triple.
        .route("/saml2/logout", get(hosted::saml_logout))
        .route(
            "/saml2/idpresponse",
            post(hosted::saml_response).layer(DefaultBodyLimit::max(320 * 1024)),
        )
        .route("/oauth2/token", post(oidc::token))
        .route("/oauth2/revoke", post(oidc::revoke))
        .route("/oauth2/userInfo", get(oidc::userinfo).post(oidc::userinfo))
        .route(
            "/branding/client/{client_id}/style.css",
            get(hosted::client_stylesheet),
        )
        .route(
            "/branding/ui/{pool_id}/{client_id}/{file}",
            get(hosted::ui_logo),
        )
        .route(
            "/branding/{branding_id}/{category}/{mode}",
            get(hosted::branding_asset),
        )
        .route(
            "/api/demo/notes",
            get(demo::api::list_notes).post(demo::api::add_note),
        )
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            state.hosted.clone(),
            hosted::dress,
        ))
        .layer(middleware::from_fn_with_state(
            state.pool.clone(),
            oidc::custom_domain,
        ))
        .layer(middleware::from_fn_with_state(
            guard::origin_of(public_url),
            guard::server_fn_answers,
        ))
        .layer(middleware::from_fn_with_state(
            guard::origin_of(public_url),
            guard::refuse_cross_site,
        ))
        .layer(middleware::from_fn_with_state(
            admission.clone(),
            admission::admit,
        ))
        .layer(middleware::from_fn_with_state(admission, admission::observe))
        .layer(middleware::from_fn(guard::security_headers))
        .layer(middleware::from_fn_with_state(clock, date_header))
        // Only the path is logged: query strings can carry codes and tokens.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        // A body whose next bytes do not come in time fails its read; a request that takes
        // too long in all is answered 408.
        .layer(middleware::map_request(move |request: Request<Body>| async move {
            request.map(|body| Body::new(TimeoutBody::new(timeouts.body, body)))
        }))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeouts.request,
        ))
        .with_state(state)
}

/// Every ten minutes, deletes the sessions, codes and token families that can no longer
/// be used, so the tables hold live rows only.
async fn purge_expired(store: Arc<dyn SignInStore>, pool: Arc<UserPool>, clock: Arc<dyn Clock>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        pool.forget_idle_addresses();
        match store.purge_expired(clock.now()).await {
            Ok(0) => {}
            Ok(deleted) => tracing::debug!(deleted, "purged expired sessions, codes and tokens"),
            Err(error) => tracing::warn!(%error, "cannot purge expired rows"),
        }
        match pool.purge_old_events().await {
            Ok(0) => {}
            Ok(deleted) => {
                tracing::debug!(deleted, "purged old auth events and unconfirmed devices")
            }
            Err(error) => tracing::warn!(%error, "cannot purge old auth events"),
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
