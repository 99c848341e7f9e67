//! The pages' language, over HTTP: chosen by `lang`, kept by its cookie, else the
//! browser's Accept-Language, else English; `<html lang>` and the page's words follow.

use crate::helpers::spawn_app;

fn html_lang(page: &str) -> Option<&str> {
    page.split("<html lang=\"").nth(1)?.split('"').next()
}

#[tokio::test]
async fn a_lang_parameter_chooses_the_language_and_its_cookie_keeps_it() {
    let app = spawn_app().await;
    let chosen = app.get("/login?lang=ja").await;
    let cookie = chosen.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("cognate_lang=ja;") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let page = chosen.text().await.unwrap();
    assert_eq!(html_lang(&page), Some("ja"));
    assert!(page.contains("<h1 id=\"page-title\" data-testid=\"page-title\">サインイン</h1>"));
    assert!(
        page.contains("id=\"cognate-words\""),
        "the islands' words are in the page"
    );

    // Kept: the cookie alone, whatever the browser prefers.
    let kept = app
        .http
        .get(format!("{}/signup", app.address))
        .header("cookie", "cognate_lang=ja")
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    assert!(kept.headers().get("set-cookie").is_none());
    assert_eq!(html_lang(&kept.text().await.unwrap()), Some("ja"));

    // The browser's preference, by its weights, where nothing was chosen.
    let preferred = app
        .http
        .get(format!("{}/login", app.address))
        .header("accept-language", "nl;q=0.9, pt-PT;q=0.8, en;q=0.1")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html_lang(&preferred), Some("pt-BR"));
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_language_or_a_malformed_query_falls_back_to_english() {
    let app = spawn_app().await;
    for path in [
        "/login?lang=tlh",
        "/login?lang=%FF%FE",
        "/login?lang=xx&lang=xx&next=",
        "/login?lang=<script>",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
        assert_eq!(
            html_lang(&response.text().await.unwrap()),
            Some("en"),
            "{path}"
        );
    }
    app.stop().await;
}
