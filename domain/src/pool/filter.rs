//! ListUsers' `Filter`: `name = "value"` (exact) or `name ^= "value"` (starts with), on
//! Cognito's searchable attributes and, beyond Cognito, on custom ones.

use super::error::{PoolError, Rule};
use super::invalid::{FilterFault, Invalid};

/// What a filter compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterField {
    /// `username`: case-insensitive, as usernames are.
    Username,
    /// `sub`.
    Sub,
    /// `cognito:user_status`: `CONFIRMED`, `UNCONFIRMED`, …
    UserStatus,
    /// `status`: `Enabled` or `Disabled`.
    Enabled,
    /// A stored attribute: `email`, `given_name`, `custom:team`, …
    Attribute(String),
}

/// A parsed `Filter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserFilter {
    pub field: FilterField,
    /// `^=`: the value starts with [`value`](Self::value); `=`: it is equal.
    pub prefix: bool,
    pub value: String,
}

/// Cognito's limit on a filter's length.
const MAX_FILTER_CHARS: usize = 256;

/// Cognito's searchable standard attributes (besides `username`, `sub` and the statuses):
/// the ones a store must find by index.
pub const SEARCHABLE_ATTRIBUTES: &[&str] = &[
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
];

impl UserFilter {
    /// Parses Cognito's filter syntax; an empty filter is `None` (every user).
    pub fn parse(filter: &str) -> Result<Option<Self>, PoolError> {
        if filter.chars().count() > MAX_FILTER_CHARS {
            return Err(PoolError::constraint(
                "filter",
                None,
                Rule::MaxLength(MAX_FILTER_CHARS),
            ));
        }
        let filter = filter.trim();
        if filter.is_empty() {
            return Ok(None);
        }
        // Cognito's words for any filter it cannot read.
        let invalid = || PoolError::InvalidParameter(Invalid::Filter(FilterFault::Syntax));
        let name_end = filter
            .find(|c: char| c.is_whitespace() || c == '=' || c == '^')
            .ok_or_else(invalid)?;
        let (name, rest) = filter.split_at(name_end);
        let rest = rest.trim_start();
        let (prefix, rest) = match rest.strip_prefix("^=") {
            Some(rest) => (true, rest),
            None => (false, rest.strip_prefix('=').ok_or_else(invalid)?),
        };
        let value = quoted(rest.trim()).ok_or_else(invalid)?;
        let field = match name {
            "username" => FilterField::Username,
            "sub" => FilterField::Sub,
            "cognito:user_status" => FilterField::UserStatus,
            "status" => FilterField::Enabled,
            other if SEARCHABLE_ATTRIBUTES.contains(&other) => {
                FilterField::Attribute(other.to_string())
            }
            other
                if other
                    .strip_prefix("custom:")
                    .is_some_and(|rest| !rest.is_empty() && rest.len() <= 20) =>
            {
                FilterField::Attribute(other.to_string())
            }
            other => {
                return Err(PoolError::InvalidParameter(Invalid::Filter(
                    FilterFault::Attribute(other.to_string()),
                )));
            }
        };
        let value = match field {
            FilterField::Username => super::fold(&value),
            _ => value,
        };
        Ok(Some(Self {
            field,
            prefix,
            value,
        }))
    }
}

/// The text between double quotes, with `\"` and `\\` unescaped; `None` unless `text` is
/// exactly one quoted string.
fn quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => value.push(chars.next()?),
            '"' => return None,
            c => value.push(c),
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(filter: &str) -> UserFilter {
        UserFilter::parse(filter).unwrap().unwrap()
    }

    #[test]
    fn cognitos_filter_syntax_is_read() {
        assert_eq!(
            parsed(r#"email = "jane@example.com""#),
            UserFilter {
                field: FilterField::Attribute("email".into()),
                prefix: false,
                value: "jane@example.com".into(),
            }
        );
        assert_eq!(
            parsed(r#"username ^= "JA""#),
            UserFilter {
                field: FilterField::Username,
                prefix: true,
                value: "ja".into(),
            }
        );
        assert_eq!(parsed(r#"family_name="Re \"dd\" y""#).value, r#"Re "dd" y"#);
        assert_eq!(
            parsed(r#"custom:team = "blue""#).field,
            FilterField::Attribute("custom:team".into())
        );
        assert_eq!(parsed(r#"status = "Disabled""#).field, FilterField::Enabled);
        assert_eq!(UserFilter::parse("  ").unwrap(), None);
    }

    #[test]
    fn malformed_filters_and_unsearchable_attributes_are_refused() {
        for bad in [
            "email",
            r#"email == "x""#,
            r#"email = x"#,
            r#"email = "x"#,
            r#"email = "a"b""#,
            r#"address = "x""#,
            r#"custom: = "x""#,
        ] {
            assert!(
                matches!(UserFilter::parse(bad), Err(PoolError::InvalidParameter(_))),
                "{bad}"
            );
        }
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        proptest! {
            #[test]
            fn any_filter_text_is_read_or_refused_never_a_panic(text in ".{0,200}") {
                let _ = UserFilter::parse(&text);
            }

            #[test]
            fn a_well_formed_filter_gives_back_its_value(
                attribute in "(username|email|name|given_name|family_name|sub|status|cognito:user_status|phone_number|preferred_username)",
                prefix in any::<bool>(),
                value in "[^\"\\\\]{0,40}",
                space in "( |  |)",
            ) {
                let operator = if prefix { "^=" } else { "=" };
                let text = format!("{attribute}{space}{operator}{space}\"{value}\"");
                let parsed = UserFilter::parse(&text);
                let Ok(Some(filter)) = parsed else {
                    return Err(TestCaseError::fail(format!("{text:?} was refused: {parsed:?}")));
                };
                prop_assert_eq!(filter.prefix, prefix);
                if attribute == "username" {
                    prop_assert_eq!(filter.value, crate::pool::fold(&value));
                } else {
                    prop_assert_eq!(filter.value, value);
                }
            }
        }
    }
}
