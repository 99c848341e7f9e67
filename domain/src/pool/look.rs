//! What an app may put in its hosted pages' look, checked before it is kept: an image is
//! the type it says it is, an SVG carries no script or outside reference, a classic CSS
//! file names only Cognito's customizable classes and plain properties; and the design
//! tokens a branding style's settings document sets (colours, radii, colour scheme).
//!
//! CSS and SVG are checked by allow-lists over what the pages need, not cleaned: a
//! refused file is refused whole, with the reason, so what is kept is what was given.

use serde_json::Value;

use super::{AssetCategory, AssetExtension, ColorMode};

/// Why an asset or a CSS file is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookFault {
    /// Larger than its cap (bytes).
    TooLarge(usize),
    /// Its bytes are not the type its extension says.
    NotItsType(AssetExtension),
    /// An SVG with something that could run or reach out: the element or attribute.
    UnsafeSvg(String),
    /// A CSS rule for a selector Cognito does not let apps style.
    CssSelector(String),
    /// A CSS property outside the allowed ones.
    CssProperty(String),
    /// A CSS value with something other than plain values (`url(`, `@import`, quotes,
    /// escapes, markup…).
    CssValue(String),
    /// CSS that does not parse as rules of declarations.
    CssSyntax,
    /// The settings document is not a JSON object.
    SettingsNotObject,
    /// `UseCognitoProvidedValues` with settings or assets of the request's own.
    CognitoValuesWithOwn,
    /// More assets than a style has (40).
    TooManyAssets,
    /// Two assets of one category and colour mode.
    DuplicateAsset(AssetCategory, ColorMode),
    /// A `ResourceId` outside Cognito's pattern (1 to 40 word characters, `-` or space).
    ResourceId,
    /// The classic customization needs a domain for the pool, as Cognito's.
    NoDomain,
    /// A classic logo that is neither PNG nor JPEG.
    UiImageType,
    /// Terms with no link, or more than one a language.
    Links,
    /// A terms link that is not an http(s) URL.
    LinkUrl(String),
}

/// Checks that `bytes` are an image of type `extension` and, for an SVG, that it can run
/// nothing and load nothing.
pub fn check_image(extension: AssetExtension, bytes: &[u8], cap: usize) -> Result<(), LookFault> {
    if bytes.len() > cap {
        return Err(LookFault::TooLarge(cap));
    }
    let is_type = match extension {
        AssetExtension::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        AssetExtension::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        AssetExtension::Ico => bytes.starts_with(&[0, 0, 1, 0]),
        AssetExtension::Webp => {
            bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP"
        }
        AssetExtension::Svg => return check_svg(bytes),
    };
    if is_type {
        Ok(())
    } else {
        Err(LookFault::NotItsType(extension))
    }
}

/// The SVG elements a logo or an icon is drawn with; anything else (script, foreignObject,
/// iframe, use of outside files, animation that can rewrite attributes) refuses the file.
const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "symbol",
    "use",
    "filter",
    "feGaussianBlur",
    "feOffset",
    "feBlend",
    "feColorMatrix",
    "feFlood",
    "feComposite",
    "feMerge",
    "feMergeNode",
    "feDropShadow",
    "metadata",
];

fn check_svg(bytes: &[u8]) -> Result<(), LookFault> {
    let not_svg = || LookFault::NotItsType(AssetExtension::Svg);
    let text = std::str::from_utf8(bytes).map_err(|_| not_svg())?;
    // roxmltree refuses a document type declaration (and so entities) by default.
    let document = roxmltree::Document::parse(text).map_err(|_| not_svg())?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(not_svg());
    }
    for node in document.descendants() {
        if node.is_pi() {
            return Err(LookFault::UnsafeSvg("a processing instruction".into()));
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if !SVG_ELEMENTS.contains(&name) {
            return Err(LookFault::UnsafeSvg(format!("<{name}>")));
        }
        for attribute in node.attributes() {
            let key = attribute.name();
            let value = attribute.value().trim();
            let lowered = value.to_ascii_lowercase();
            let refuses = key.to_ascii_lowercase().starts_with("on")
                || (key == "href" && !value.starts_with('#'))
                || lowered.contains("javascript:")
                || lowered.contains("url(") && !only_local_urls(&lowered)
                || key == "style" && lowered.contains('@');
            if refuses {
                return Err(LookFault::UnsafeSvg(format!("{name} {key}")));
            }
        }
    }
    Ok(())
}

/// Whether every `url(…)` in `value` points inside the document (`url(#id)`).
fn only_local_urls(value: &str) -> bool {
    value.split("url(").skip(1).all(|rest| {
        rest.trim_start()
            .trim_start_matches(['"', '\''])
            .starts_with('#')
    })
}

/// The classes of the classic hosted UI that an app may style (Cognito's list), with the
/// states Cognito allows.
pub const UI_SELECTORS: &[&str] = &[
    ".background-customizable",
    ".banner-customizable",
    ".errorMessage-customizable",
    ".idpButton-customizable",
    ".idpButton-customizable:hover",
    ".idpDescription-customizable",
    ".inputField-customizable",
    ".inputField-customizable:focus",
    ".label-customizable",
    ".legalText-customizable",
    ".logo-customizable",
    ".passwordCheck-notValid-customizable",
    ".passwordCheck-valid-customizable",
    ".redirect-customizable",
    ".socialButton-customizable",
    ".submitButton-customizable",
    ".submitButton-customizable:hover",
    ".textDescription-customizable",
];

/// The properties those classes may set: colours, type, borders, spacing and size.
const UI_PROPERTIES: &[&str] = &[
    "background-color",
    "border",
    "border-bottom",
    "border-color",
    "border-left",
    "border-radius",
    "border-right",
    "border-style",
    "border-top",
    "border-width",
    "box-shadow",
    "color",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "height",
    "letter-spacing",
    "line-height",
    "margin",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "margin-top",
    "max-height",
    "max-width",
    "min-height",
    "min-width",
    "opacity",
    "padding",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "padding-top",
    "text-align",
    "text-decoration",
    "text-transform",
    "width",
];

/// The CSS functions a value may call: colours and arithmetic, nothing that loads.
const UI_FUNCTIONS: &[&str] = &["rgb", "rgba", "hsl", "hsla", "calc"];

/// One rule of a classic customization's CSS: its selectors (each one of
/// [`UI_SELECTORS`]) and its declarations (property, value).
pub type UiRule = (Vec<&'static str>, Vec<(String, String)>);

/// Checks a classic UI customization's CSS: comments, and rules whose selector is one of
/// [`UI_SELECTORS`] (or several, comma-separated) with declarations of [`UI_PROPERTIES`],
/// each value plain (words, numbers, units, `#` colours and [`UI_FUNCTIONS`]). No at-rule,
/// no `url()`, no quotes or escapes, no markup.
pub fn check_ui_css(css: &str) -> Result<(), LookFault> {
    ui_rules(css).map(drop)
}

/// The rules of a classic customization's CSS, checked as [`check_ui_css`] says.
pub fn ui_rules(css: &str) -> Result<Vec<UiRule>, LookFault> {
    let css = strip_comments(css)?;
    let mut rest = css.as_str();
    let mut rules = Vec::new();
    while !rest.trim().is_empty() {
        let (selector, after) = rest.split_once('{').ok_or(LookFault::CssSyntax)?;
        let (body, after) = after.split_once('}').ok_or(LookFault::CssSyntax)?;
        let mut selectors = Vec::new();
        for one in selector.split(',') {
            let one = one.split_whitespace().collect::<Vec<_>>().join(" ");
            let known = UI_SELECTORS.iter().find(|known| **known == one);
            selectors.push(*known.ok_or(LookFault::CssSelector(one))?);
        }
        let mut declarations = Vec::new();
        for declaration in body.split(';') {
            if declaration.trim().is_empty() {
                continue;
            }
            let (property, value) = declaration.split_once(':').ok_or(LookFault::CssSyntax)?;
            let property = property.trim().to_ascii_lowercase();
            if !UI_PROPERTIES.contains(&property.as_str()) {
                return Err(LookFault::CssProperty(property));
            }
            check_css_value(value.trim())?;
            declarations.push((property, value.trim().to_string()));
        }
        rules.push((selectors, declarations));
        rest = after;
    }
    Ok(rules)
}

fn strip_comments(css: &str) -> Result<String, LookFault> {
    let mut kept = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        kept.push_str(&rest[..start]);
        let end = rest[start + 2..].find("*/").ok_or(LookFault::CssSyntax)?;
        kept.push(' ');
        rest = &rest[start + 2 + end + 2..];
    }
    kept.push_str(rest);
    Ok(kept)
}

fn check_css_value(value: &str) -> Result<(), LookFault> {
    let refuse = || LookFault::CssValue(value.chars().take(80).collect());
    let plain = |c: char| c.is_ascii_alphanumeric() || " \t\n#%.,-+/!()".contains(c);
    if value.is_empty() || !value.chars().all(plain) {
        return Err(refuse());
    }
    // Every parenthesis opens an allowed function's arguments.
    let mut depth = 0usize;
    let mut word = String::new();
    for c in value.chars() {
        match c {
            '(' => {
                let name = word.to_ascii_lowercase();
                // A function's name, or a bare group inside one: `calc((1px + 2px) * 2)`.
                let allowed = UI_FUNCTIONS.contains(&name.as_str()) || depth > 0 && name.is_empty();
                if !allowed {
                    return Err(refuse());
                }
                depth += 1;
                word.clear();
            }
            ')' => {
                depth = depth.checked_sub(1).ok_or_else(refuse)?;
                word.clear();
            }
            c if c.is_ascii_alphanumeric() || c == '-' => word.push(c),
            _ => word.clear(),
        }
    }
    if depth != 0 {
        return Err(refuse());
    }
    let lowered = value.to_ascii_lowercase();
    if lowered.contains("expression") || lowered.contains("!important") {
        return Err(refuse());
    }
    Ok(())
}

/// An RGBA colour, as the settings document writes it (`RRGGBBAA` hex, no `#`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub [u8; 4]);

impl Color {
    /// Reads `RRGGBBAA` or `RRGGBB` (with or without `#`).
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        if !(hex.len() == 8 || hex.len() == 6) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
        let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
        Some(Self([byte(0)?, byte(2)?, byte(4)?, alpha]))
    }

    /// As CSS writes it: `#rrggbbaa`.
    pub fn css(self) -> String {
        let [r, g, b, a] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}{a:02x}")
    }
}

/// One colour scheme's colours that a settings document sets; `None` keeps the pages' own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Palette {
    /// The page behind the form (`components.pageBackground.<mode>.color`).
    pub page: Option<Color>,
    /// Body text (`componentClasses.text.<mode>.bodyTextColor`).
    pub text: Option<Color>,
    /// Headings (`componentClasses.text.<mode>.headingTextColor`).
    pub heading: Option<Color>,
    /// Secondary text (`componentClasses.text.<mode>.captionTextColor`).
    pub caption: Option<Color>,
    /// The form's card (`components.form.<mode>.backgroundColor` / `borderColor`).
    pub card: Option<Color>,
    pub card_border: Option<Color>,
    /// The primary button (`components.primaryButton.<mode>.defaults.backgroundColor` /
    /// `textColor`).
    pub button: Option<Color>,
    pub button_text: Option<Color>,
    /// Links (`componentClasses.link.<mode>.defaults.textColor`).
    pub link: Option<Color>,
    /// Inputs (`componentClasses.input.<mode>.defaults.backgroundColor` / `borderColor`).
    pub input: Option<Color>,
    pub input_border: Option<Color>,
    /// The focus ring (`componentClasses.focusState.<mode>.borderColor`).
    pub focus: Option<Color>,
    /// Errors (`componentClasses.statusIndicator.<mode>.error.indicatorColor`).
    pub error: Option<Color>,
    /// The page header's background (`components.pageHeader.<mode>.background.color`).
    pub header: Option<Color>,
}

/// The design tokens a branding style's settings set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DesignTokens {
    /// `categories.global.colorSchemeMode`; `None` leaves the pages' own (the browser's).
    pub scheme: Option<ColorMode>,
    pub light: Palette,
    pub dark: Palette,
    /// Corner radii in pixels (`componentClasses.buttons`/`input.borderRadius`,
    /// `components.form.borderRadius`), capped at 40.
    pub button_radius: Option<u8>,
    pub input_radius: Option<u8>,
    pub form_radius: Option<u8>,
    /// `categories.global.spacingDensity`: `COMPACT`, `REGULAR` or `SPACIOUS`.
    pub density: Option<Density>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Density {
    Compact,
    Regular,
    Spacious,
}

/// Checks that a settings document is a JSON object: what the editor writes. Its parts
/// are read where they map to the pages' tokens, and kept as given.
pub fn check_settings(settings: &Value) -> Result<(), LookFault> {
    if settings.is_object() {
        Ok(())
    } else {
        Err(LookFault::SettingsNotObject)
    }
}

impl DesignTokens {
    /// Reads the tokens out of a settings document; a part that is missing or not of its
    /// type is left to the pages' own.
    pub fn read(settings: &Value) -> Self {
        let at = |path: &str| {
            path.split('.')
                .try_fold(settings, |node, key| node.get(key))
        };
        let color = |path: String| at(&path).and_then(Value::as_str).and_then(Color::parse);
        let radius = |path: &str| {
            at(path)
                .and_then(Value::as_f64)
                .filter(|r| r.is_finite() && *r >= 0.0)
                .map(|r| r.min(40.0) as u8)
        };
        let palette = |mode: &str| Palette {
            page: color(format!("components.pageBackground.{mode}.color")),
            text: color(format!("componentClasses.text.{mode}.bodyTextColor")),
            heading: color(format!("componentClasses.text.{mode}.headingTextColor")),
            caption: color(format!("componentClasses.text.{mode}.captionTextColor")),
            card: color(format!("components.form.{mode}.backgroundColor")),
            card_border: color(format!("components.form.{mode}.borderColor")),
            button: color(format!(
                "components.primaryButton.{mode}.defaults.backgroundColor"
            )),
            button_text: color(format!(
                "components.primaryButton.{mode}.defaults.textColor"
            )),
            link: color(format!("componentClasses.link.{mode}.defaults.textColor")),
            input: color(format!(
                "componentClasses.input.{mode}.defaults.backgroundColor"
            )),
            input_border: color(format!(
                "componentClasses.input.{mode}.defaults.borderColor"
            )),
            focus: color(format!("componentClasses.focusState.{mode}.borderColor")),
            error: color(format!(
                "componentClasses.statusIndicator.{mode}.error.indicatorColor"
            )),
            header: color(format!("components.pageHeader.{mode}.background.color")),
        };
        let scheme = at("categories.global.colorSchemeMode")
            .and_then(Value::as_str)
            .and_then(ColorMode::parse);
        let density = match at("categories.global.spacingDensity").and_then(Value::as_str) {
            Some("COMPACT") => Some(Density::Compact),
            Some("REGULAR") => Some(Density::Regular),
            Some("SPACIOUS") => Some(Density::Spacious),
            _ => None,
        };
        Self {
            scheme,
            light: palette("lightMode"),
            dark: palette("darkMode"),
            button_radius: radius("componentClasses.buttons.borderRadius"),
            input_radius: radius("componentClasses.input.borderRadius"),
            form_radius: radius("components.form.borderRadius"),
            density,
        }
    }
}

/// Merges `given` over `base`: objects key by key, anything else replaced. An update's
/// settings keep what it does not name (as Cognito's), and a merged description lays the
/// stored settings over the defaults.
pub fn merge_settings(base: &mut Value, given: &Value) {
    match (base, given) {
        (Value::Object(base), Value::Object(given)) => {
            for (key, value) in given {
                match base.get_mut(key) {
                    Some(existing) => merge_settings(existing, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, given) => *base = given.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn images_must_be_their_type() {
        assert_eq!(
            check_image(AssetExtension::Png, b"\x89PNG\r\n\x1a\nrest", 100),
            Ok(())
        );
        assert_eq!(
            check_image(AssetExtension::Png, b"GIF89a", 100),
            Err(LookFault::NotItsType(AssetExtension::Png))
        );
        assert_eq!(
            check_image(AssetExtension::Jpeg, &[0xFF, 0xD8, 0xFF, 0xE0], 3),
            Err(LookFault::TooLarge(3))
        );
    }

    #[test]
    fn an_svg_that_could_run_or_reach_out_is_refused() {
        let fine = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/></svg>"##;
        assert_eq!(check_image(AssetExtension::Svg, fine, 10_000), Ok(()));
        let hostile: &[&[u8]] = &[
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><use x:href="https://evil.example/a.svg#x"/></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/t)"/></svg>"#,
            br#"<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example)</style></svg>"#,
            b"<html><body/></html>",
        ];
        for svg in hostile {
            assert!(
                check_image(AssetExtension::Svg, svg, 10_000).is_err(),
                "{}",
                String::from_utf8_lossy(svg)
            );
        }
    }

    #[test]
    fn classic_css_takes_only_the_customizable_classes_and_plain_values() {
        let fine = "/* brand */ .submitButton-customizable { background-color: #0a7d3e; \
                    border-radius: 4px; }\n.label-customizable, .legalText-customizable \
                    { font-weight: 700; color: rgb(20, 30, 40) }";
        assert_eq!(check_ui_css(fine), Ok(()));
        assert_eq!(check_ui_css(""), Ok(()));
        let refused = [
            ("body { color: red }", LookFault::CssSelector("body".into())),
            (
                ".label-customizable { position: fixed }",
                LookFault::CssProperty("position".into()),
            ),
            (
                ".label-customizable { color: red; background-image: url(https://evil.example/x) }",
                LookFault::CssProperty("background-image".into()),
            ),
            (
                ".label-customizable { background-color: url(https://evil.example/x) }",
                LookFault::CssValue("url(https://evil.example/x)".into()),
            ),
            (
                ".label-customizable { color: expression(alert(1)) }",
                LookFault::CssValue("expression(alert(1))".into()),
            ),
            (
                ".label-customizable { color: \"</style><script>\" }",
                LookFault::CssValue("\"</style><script>\"".into()),
            ),
            (
                "@import url(https://evil.example/x.css);",
                LookFault::CssSyntax,
            ),
            (".label-customizable { color: red", LookFault::CssSyntax),
        ];
        for (css, fault) in refused {
            assert_eq!(check_ui_css(css), Err(fault), "{css}");
        }
    }

    #[test]
    fn tokens_are_read_from_the_editors_document() {
        let settings = json!({
            "categories": {"global": {"colorSchemeMode": "DYNAMIC", "spacingDensity": "COMPACT"}},
            "components": {
                "primaryButton": {"lightMode": {"defaults": {"backgroundColor": "0a7d3eff", "textColor": "ffffffff"}}},
                "pageBackground": {"darkMode": {"color": "101820ff"}},
                "form": {"borderRadius": 12.0}
            },
            "componentClasses": {"link": {"lightMode": {"defaults": {"textColor": "not a colour"}}}}
        });
        let tokens = DesignTokens::read(&settings);
        assert_eq!(tokens.scheme, Some(ColorMode::Dynamic));
        assert_eq!(tokens.density, Some(Density::Compact));
        assert_eq!(
            tokens.light.button.map(Color::css).as_deref(),
            Some("#0a7d3eff")
        );
        assert_eq!(tokens.dark.page, Color::parse("101820"));
        assert_eq!(tokens.light.link, None);
        assert_eq!(tokens.form_radius, Some(12));
    }

    #[test]
    fn an_update_keeps_what_it_does_not_name() {
        let mut stored = json!({"a": {"b": 1, "c": 2}, "d": [1]});
        merge_settings(&mut stored, &json!({"a": {"b": 5}, "d": [2, 3]}));
        assert_eq!(stored, json!({"a": {"b": 5, "c": 2}, "d": [2, 3]}));
    }
}
