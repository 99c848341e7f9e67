//! The words for a refused look (branding style, UI customization, terms).

use crate::pool::invalid::LookFault;

pub(super) fn look(fault: &LookFault) -> String {
    match fault {
        LookFault::TooLarge(cap) => format!("A file is larger than its {cap} bytes."),
        LookFault::NotItsType(extension) => {
            format!(
                "An asset's bytes are not the {} its Extension says.",
                extension.as_str()
            )
        }
        LookFault::UnsafeSvg(what) => {
            format!("The SVG is refused: {what} could run script or load from elsewhere.")
        }
        LookFault::CssSelector(selector) => format!(
            "The CSS styles {selector}: only the hosted UI's -customizable classes may be styled."
        ),
        LookFault::CssProperty(property) => {
            format!("The CSS property {property} is not one a customizable class may set.")
        }
        LookFault::CssValue(value) => format!(
            "The CSS value {value} is refused: values are plain words, numbers, colours and \
             rgb()/hsl()/calc(), with no url(), quotes, escapes or markup."
        ),
        LookFault::CssSyntax => {
            "The CSS must be rules of declarations, with no @ rules, and closed comments.".into()
        }
        LookFault::SettingsNotObject => "Settings must be a JSON object.".into(),
        LookFault::CognitoValuesWithOwn => {
            "UseCognitoProvidedValues cannot be true with Settings or Assets.".into()
        }
        LookFault::TooManyAssets => "A branding style has at most 40 assets.".into(),
        LookFault::DuplicateAsset(category, mode) => format!(
            "Two assets are for {} in {} mode.",
            category.as_str(),
            mode.as_str()
        ),
        LookFault::ResourceId => {
            "ResourceId has 1 to 40 letters, digits, underscores, hyphens or spaces.".into()
        }
        LookFault::NoDomain => {
            "There has to be an existing domain associated with this user pool".into()
        }
        LookFault::UiImageType => "The ImageFile must be a PNG or JPEG image.".into(),
        LookFault::Links => "Links has 1 to 13 languages.".into(),
        LookFault::LinkUrl(link) => format!("{link} is not an http or https URL."),
    }
}
