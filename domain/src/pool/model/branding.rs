//! How an app client's hosted pages look: its managed-login branding style (Cognito's
//! `ManagedLoginBrandingType`: a settings document and image assets), the classic UI
//! customization (a CSS file and a logo, per pool or per client), and its terms documents
//! (links per language, shown on the sign-up page).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{ClientId, PoolId};
use crate::clock::Timestamp;

/// Declares a Cognito enumeration: its variants and their wire names, with `as_str`,
/// `parse` and the list of every name (for the door's error).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            pub const NAMES: &'static str = concat!("[", $($wire, ", ",)+ "]");

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($wire => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

wire_enum!(
    /// What an asset is for (Cognito's `AssetCategoryType`).
    AssetCategory {
        FaviconIco = "FAVICON_ICO",
        FaviconSvg = "FAVICON_SVG",
        EmailGraphic = "EMAIL_GRAPHIC",
        SmsGraphic = "SMS_GRAPHIC",
        AuthAppGraphic = "AUTH_APP_GRAPHIC",
        PasswordGraphic = "PASSWORD_GRAPHIC",
        PasskeyGraphic = "PASSKEY_GRAPHIC",
        PageHeaderLogo = "PAGE_HEADER_LOGO",
        PageHeaderBackground = "PAGE_HEADER_BACKGROUND",
        PageFooterLogo = "PAGE_FOOTER_LOGO",
        PageFooterBackground = "PAGE_FOOTER_BACKGROUND",
        PageBackground = "PAGE_BACKGROUND",
        FormBackground = "FORM_BACKGROUND",
        FormLogo = "FORM_LOGO",
        IdpButtonIcon = "IDP_BUTTON_ICON",
    }
);

wire_enum!(
    /// Which colour scheme an asset, or a page, is for (Cognito's `ColorSchemeModeType`):
    /// `DYNAMIC` follows the browser's preference.
    ColorMode {
        Light = "LIGHT",
        Dark = "DARK",
        Dynamic = "DYNAMIC",
    }
);

wire_enum!(
    /// An asset's file type (Cognito's `AssetExtensionType`).
    AssetExtension {
        Ico = "ICO",
        Jpeg = "JPEG",
        Png = "PNG",
        Svg = "SVG",
        Webp = "WEBP",
    }
);

impl AssetExtension {
    /// The media type an asset of this type is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Ico => "image/x-icon",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Svg => "image/svg+xml",
            Self::Webp => "image/webp",
        }
    }
}

/// Cognito's cap on one asset's bytes.
pub const MAX_ASSET_BYTES: usize = 1_000_000;
/// Cognito's cap on a style's assets.
pub const MAX_ASSETS: usize = 40;
/// Cognito's cap on the classic customization's CSS (characters) and logo (bytes).
pub const MAX_UI_CSS: usize = 131_072;
pub const MAX_UI_IMAGE: usize = 131_072;

/// An image file of a branding style, with its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub category: AssetCategory,
    pub color_mode: ColorMode,
    pub extension: AssetExtension,
    pub bytes: Vec<u8>,
    /// The caller's own name for it (Cognito's `ResourceId`).
    pub resource_id: Option<String>,
}

/// An asset without its bytes: what a page needs to link to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetInfo {
    pub category: AssetCategory,
    pub color_mode: ColorMode,
    pub extension: AssetExtension,
    /// The first bytes of the SHA-256 of its bytes, hex: a new file is a new URL, so a
    /// browser may keep one for a year.
    pub digest: String,
}

impl Asset {
    pub fn info(&self) -> AssetInfo {
        AssetInfo {
            category: self.category,
            color_mode: self.color_mode,
            extension: self.extension,
            digest: digest_of(&self.bytes),
        }
    }
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn digest_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(bytes);
    hash[..8].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A managed-login branding style, assigned to one app client (Cognito's
/// `ManagedLoginBrandingType`). Its assets are kept apart, with their bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Branding {
    /// A UUID (version 4), as Cognito's.
    pub id: String,
    pub pool_id: PoolId,
    pub client_id: ClientId,
    /// Cognito's look: no settings and no assets of its own.
    pub use_cognito_provided_values: bool,
    /// The settings document as given (a JSON object; empty with Cognito's values).
    pub settings: Value,
    pub assets: Vec<AssetInfo>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Branding {
    /// The asset for `category` that suits `mode`: the mode's own, else a `DYNAMIC` one.
    pub fn asset(&self, category: AssetCategory, mode: ColorMode) -> Option<&AssetInfo> {
        let of = |wanted: ColorMode| {
            self.assets
                .iter()
                .find(|asset| asset.category == category && asset.color_mode == wanted)
        };
        of(mode).or_else(|| of(ColorMode::Dynamic))
    }
}

/// The classic hosted UI's customization (Cognito's `UICustomizationType`): the pool's
/// (`client_id` none), or one app client's, which replaces the pool's for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiCustomization {
    pub pool_id: PoolId,
    pub client_id: Option<ClientId>,
    /// Checked against the classes and properties Cognito allows.
    pub css: Option<String>,
    /// The logo's type and digest; its bytes are kept apart.
    pub image: Option<(AssetExtension, String)>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

wire_enum!(
    /// Which document a set of terms is (Cognito's `TermsNameType`).
    TermsName {
        TermsOfUse = "terms-of-use",
        PrivacyPolicy = "privacy-policy",
    }
);

wire_enum!(
    /// The languages a terms document may have its own link for (Cognito's
    /// `LanguageIdType`); `cognito:default` is shown where no other applies.
    TermsLanguage {
        Default = "cognito:default",
        Dutch = "cognito:dutch",
        English = "cognito:english",
        French = "cognito:french",
        Spanish = "cognito:spanish",
        German = "cognito:german",
        BahasaIndonesia = "cognito:bahasa-indonesia",
        Italian = "cognito:italian",
        Japanese = "cognito:japanese",
        Korean = "cognito:korean",
        PortugueseBrazil = "cognito:portuguese-brazil",
        ChineseSimplified = "cognito:chinese-simplified",
        ChineseTraditional = "cognito:chinese-traditional",
    }
);

impl TermsLanguage {
    /// The language's tag, as the pages' `lang` names it; `None` for the default.
    pub fn tag(self) -> Option<&'static str> {
        Some(match self {
            Self::Default => return None,
            Self::Dutch => "nl",
            Self::English => "en",
            Self::French => "fr",
            Self::Spanish => "es",
            Self::German => "de",
            Self::BahasaIndonesia => "id",
            Self::Italian => "it",
            Self::Japanese => "ja",
            Self::Korean => "ko",
            Self::PortugueseBrazil => "pt-BR",
            Self::ChineseSimplified => "zh-CN",
            Self::ChineseTraditional => "zh-TW",
        })
    }
}

/// Terms documents of an app client (Cognito's `TermsType`): a link per language. Their
/// source is always `LINK` and their enforcement `NONE`, the only values Cognito takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    /// A UUID (version 4), as Cognito's.
    pub id: String,
    pub pool_id: PoolId,
    pub client_id: ClientId,
    pub name: TermsName,
    pub links: BTreeMap<TermsLanguage, String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Terms {
    /// The link for a page in language `tag` (`en`, `pt-BR`…): its own, else the default.
    pub fn link_for(&self, tag: &str) -> Option<&str> {
        self.links
            .iter()
            .find(|(language, _)| language.tag() == Some(tag))
            .or_else(|| self.links.get_key_value(&TermsLanguage::Default))
            .map(|(_, link)| link.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_read_back() {
        for category in AssetCategory::ALL {
            assert_eq!(AssetCategory::parse(category.as_str()), Some(*category));
        }
        assert_eq!(AssetCategory::parse("LOGO"), None);
        assert!(ColorMode::NAMES.contains("DYNAMIC"));
        assert_eq!(
            TermsName::parse("privacy-policy"),
            Some(TermsName::PrivacyPolicy)
        );
    }

    #[test]
    fn a_terms_link_falls_back_to_the_default() {
        let terms = Terms {
            id: "id".into(),
            pool_id: PoolId::parse("us-east-1_abc").unwrap(),
            client_id: ClientId::parse("abcdefghijklmnopqrstuvwxyz").unwrap(),
            name: TermsName::TermsOfUse,
            links: BTreeMap::from([
                (
                    TermsLanguage::Default,
                    "https://example.com/terms".to_string(),
                ),
                (
                    TermsLanguage::German,
                    "https://example.com/de/terms".to_string(),
                ),
            ]),
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        };
        assert_eq!(terms.link_for("de"), Some("https://example.com/de/terms"));
        assert_eq!(terms.link_for("ja"), Some("https://example.com/terms"));
    }
}
