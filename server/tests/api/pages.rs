//! The hosted pages and static assets as a browser first receives them.

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_home_page_is_rendered_with_its_hydration_bundle() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Cognate</title>"), "{html}");
    assert!(html.contains("data-testid=\"home-title\""), "{html}");
    assert!(html.contains("/pkg/cognate.js"), "{html}");
    // The bundle's exact name depends on whether cargo-leptos built this binary
    // (`cognate.wasm`) or plain cargo did (`cognate_bg.wasm`); the browser tests load it.
    assert!(
        html.contains(r#"<link rel="preload" href="/pkg/cognate"#)
            && html.contains(r#"type="application/wasm""#),
        "{html}"
    );
    assert!(html.contains("href=\"/pkg/cognate.css\""), "{html}");
    assert!(html.contains("rel=\"icon\""), "{html}");
}

#[tokio::test]
async fn an_unknown_path_gets_the_not_found_page_with_404() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"), "{html}");
}

#[tokio::test]
async fn the_docs_page_lists_the_health_endpoint() {
    let app = spawn_app().await;
    let response = app.get("/docs").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("GET /health"), "{html}");
    // What an OIDC library or SDK needs, without JavaScript too.
    let issuer = format!("{}/{}", app.address, app.default_pool.pool.id);
    assert!(html.contains(&issuer), "the issuer is shown: {html}");
    assert!(
        html.contains(app.client_id()),
        "the default client id is shown"
    );
}

#[tokio::test]
async fn health_reports_the_database() {
    let app = spawn_app().await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "database": "ok" })
    );
}
