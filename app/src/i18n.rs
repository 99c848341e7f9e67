//! The hosted pages' words, in the page's language: Cognito managed login's eleven.
//!
//! The messages are Project Fluent files (`app/locales/<tag>/pages.ftl`), loaded into the
//! server at compile time (`fluent-templates`). The server resolves every message of the
//! page's language once, renders the page with them, and puts them in the page
//! (`<script type="application/json" id="cognate-words">`), where the browser's islands
//! read them: the WebAssembly carries the messages' names, not the languages.
//!
//! A message's variables (`{ $provider }`) are kept as `{provider}` in the resolved words
//! and filled in by [`t_with`], on either side.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The languages of the pages (Cognito managed login's), each with its own name.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("pt-BR", "Português (Brasil)"),
    ("zh-CN", "简体中文"),
    ("zh-TW", "繁體中文"),
];

/// Where no choice applies.
pub const DEFAULT: &str = "en";

/// The cookie that keeps the language a `lang` parameter chose, through the whole flow.
pub const COOKIE: &str = "cognate_lang";

/// The id of the page's element that carries its words.
pub const WORDS_ELEMENT: &str = "cognate-words";

/// The variables messages may have; the server keeps each as `{name}` for [`t_with`].
pub const VARIABLES: &[&str] = &["provider", "attribute", "status", "count", "name"];

/// The language a page is in, as the server chose it (put on the request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageLanguage(pub &'static str);

/// The supported tag that `tag` names (case aside; a bare `pt` or `zh` to the one of
/// them Cognito serves, `zh-Hant`/`zh-HK` to Traditional), if any.
pub fn supported(tag: &str) -> Option<&'static str> {
    let tag = tag.trim();
    if let Some((known, _)) = LANGUAGES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(tag))
    {
        return Some(known);
    }
    let lower = tag.to_ascii_lowercase().replace('_', "-");
    let primary = lower.split('-').next().unwrap_or_default();
    match primary {
        "pt" => Some("pt-BR"),
        "zh" if lower.contains("hant") || lower.ends_with("-tw") || lower.ends_with("-hk") => {
            Some("zh-TW")
        }
        "zh" => Some("zh-CN"),
        _ => LANGUAGES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(primary))
            .map(|(known, _)| *known),
    }
}

/// The best supported language of an `Accept-Language` header (by its weights), if any.
pub fn negotiate(accept_language: &str) -> Option<&'static str> {
    let mut ranked: Vec<(f32, usize, &str)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(at, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let weight = pieces
                .find_map(|piece| piece.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (weight > 0.0 && !tag.is_empty()).then_some((weight, at, tag))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().find_map(|(_, _, tag)| supported(tag))
}

/// Every message of one language, resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    pub lang: String,
    pub words: HashMap<String, String>,
}

/// The message `key` in the page's language (its name, should one be missing: a test
/// keeps every message in every language).
pub fn t(key: &str) -> String {
    current(|words| words.words.get(key).cloned())
        .flatten()
        .unwrap_or_else(|| key.to_string())
}

/// The message `key` with its variables filled in.
pub fn t_with(key: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(t(key), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// The page's language tag.
pub fn language() -> String {
    current(|words| words.lang.clone()).unwrap_or_else(|| DEFAULT.to_string())
}

#[cfg(feature = "ssr")]
pub use server::{page_words, page_words_json, say, words_of};

#[cfg(feature = "ssr")]
fn current<T>(read: impl FnOnce(&Words) -> T) -> Option<T> {
    Some(read(server::page_words()))
}

#[cfg(feature = "ssr")]
mod server {
    use std::borrow::Cow;
    use std::collections::HashMap;
    use std::sync::OnceLock;

    use fluent_templates::fluent_bundle::FluentValue;
    use leptos::prelude::use_context;

    use super::{DEFAULT, LANGUAGES, PageLanguage, VARIABLES, Words};

    fluent_templates::static_loader! {
        static LOCALES = {
            locales: "./locales",
            fallback_language: "en",
            // The words go into HTML and JSON: no Unicode isolation marks around values.
            customise: |bundle| bundle.set_use_isolating(false),
        };
    }

    /// The English files: the pages' own words, and the sentences the server refuses a
    /// form with.
    const ENGLISH: [&str; 2] = [
        include_str!("../locales/en/pages.ftl"),
        include_str!("../locales/en/errors.ftl"),
    ];

    /// The names of the messages: the English files'.
    pub fn message_names() -> impl Iterator<Item = &'static str> {
        ENGLISH
            .iter()
            .flat_map(|file| file.lines())
            .filter_map(|line| {
                let (name, _) = line.split_once('=')?;
                let name = name.trim_end();
                let named = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                named.then_some(name)
            })
    }

    /// The message `name` in `tag` only (no other language stands in), variables kept as
    /// `{name}`.
    pub fn resolve(tag: &str, name: &str) -> Option<String> {
        let language = tag.parse().ok()?;
        let args: HashMap<Cow<'static, str>, FluentValue> = VARIABLES
            .iter()
            .map(|variable| {
                (
                    Cow::Borrowed(*variable),
                    FluentValue::from(format!("{{{variable}}}")),
                )
            })
            .collect();
        LOCALES
            .lookup_single_language(&language, name, Some(&args))
            .ok()
    }

    /// Every message of `tag`, resolved once.
    pub fn words_of(tag: &'static str) -> &'static Words {
        static ALL: OnceLock<HashMap<&'static str, Words>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            LANGUAGES
                .iter()
                .map(|(tag, _)| {
                    let words = message_names()
                        .filter_map(|name| {
                            resolve(tag, name)
                                .or_else(|| resolve(DEFAULT, name))
                                .map(|text| (name.to_string(), text))
                        })
                        .collect();
                    (
                        *tag,
                        Words {
                            lang: (*tag).to_string(),
                            words,
                        },
                    )
                })
                .collect()
        });
        &all[tag]
    }

    /// The page's words as the JSON its words element carries (`</` escaped, so that no
    /// message can end the element), made once a language.
    pub fn page_words_json() -> &'static str {
        static ALL: OnceLock<HashMap<String, String>> = OnceLock::new();
        let words = page_words();
        let all = ALL.get_or_init(|| {
            LANGUAGES
                .iter()
                .map(|(tag, _)| {
                    let json = serde_json::to_string(words_of(tag))
                        .unwrap_or_default()
                        .replace("</", "<\\/");
                    ((*tag).to_string(), json)
                })
                .collect()
        });
        all.get(&words.lang).map_or("{}", String::as_str)
    }

    /// A sentence the server words in English, in the page's language: looked up by its
    /// English text (as gettext does) among the English messages; as given when it is
    /// none of them.
    pub fn say(english: &str) -> String {
        static BY_TEXT: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
        let by_text = BY_TEXT.get_or_init(|| {
            words_of(DEFAULT)
                .words
                .iter()
                .map(|(name, text)| (text.as_str(), name.as_str()))
                .collect()
        });
        match by_text.get(english) {
            Some(name) => page_words()
                .words
                .get(*name)
                .cloned()
                .unwrap_or_else(|| english.to_string()),
            None => english.to_string(),
        }
    }

    /// The words of the page being rendered (its request's language).
    pub fn page_words() -> &'static Words {
        let tag = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<PageLanguage>().copied())
            .map_or(DEFAULT, |language| language.0);
        words_of(tag)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_message_is_in_every_language() {
            let names: Vec<&str> = message_names().collect();
            assert!(names.len() > 40, "{} messages", names.len());
            for (tag, _) in LANGUAGES {
                let missing: Vec<&&str> = names
                    .iter()
                    .filter(|name| resolve(tag, name).is_none())
                    .collect();
                assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            }
        }

        #[test]
        fn a_languages_words_are_its_own() {
            // A sample of messages that must differ from English in every other language.
            for (tag, _) in LANGUAGES.iter().filter(|(tag, _)| *tag != DEFAULT) {
                for name in ["sign-in-title", "forgot-password-link", "sign-up-submit"] {
                    assert_ne!(
                        resolve(tag, name),
                        resolve(DEFAULT, name),
                        "{name} in {tag} is the English"
                    );
                }
            }
        }

        #[test]
        fn variables_are_kept_for_the_browser() {
            assert_eq!(
                resolve("en", "continue-with").as_deref(),
                Some("Continue with {provider}")
            );
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn current<T>(read: impl FnOnce(&Words) -> T) -> Option<T> {
    browser::words().map(read)
}

#[cfg(not(feature = "ssr"))]
mod browser {
    use std::sync::OnceLock;

    use super::{WORDS_ELEMENT, Words};

    /// The words the server put in the page, read once.
    pub fn words() -> Option<&'static Words> {
        static WORDS: OnceLock<Option<Words>> = OnceLock::new();
        WORDS
            .get_or_init(|| {
                #[cfg(feature = "hydrate")]
                {
                    let text = web_sys::window()?
                        .document()?
                        .get_element_by_id(WORDS_ELEMENT)?
                        .text_content()?;
                    serde_json::from_str(&text).ok()
                }
                #[cfg(not(feature = "hydrate"))]
                {
                    let _ = WORDS_ELEMENT;
                    None
                }
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_language_is_matched_to_a_page_language() {
        assert_eq!(negotiate("de-DE,de;q=0.9,en;q=0.8"), Some("de"));
        assert_eq!(negotiate("nl;q=0.9, fr-CA;q=0.8"), Some("fr"));
        assert_eq!(negotiate("pt-PT"), Some("pt-BR"));
        assert_eq!(negotiate("zh-Hant-TW,zh;q=0.5"), Some("zh-TW"));
        assert_eq!(negotiate("zh"), Some("zh-CN"));
        assert_eq!(negotiate("en;q=0.1, ja;q=0.9"), Some("ja"));
        assert_eq!(negotiate("nl, sv"), None);
        assert_eq!(negotiate("ko;q=0"), None);
        assert_eq!(supported("PT-br"), Some("pt-BR"));
        assert_eq!(supported("xx"), None);
    }
}
