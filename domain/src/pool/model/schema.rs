//! A pool's attribute schema (Cognito's `SchemaAttributeType`): the standard attributes and
//! their fixed types, the custom ones an operator adds, and the checks a value meets.

use serde::{Deserialize, Serialize};

use crate::pool::PoolError;
use crate::pool::invalid::{AttributeFault, Invalid, SchemaFault, ValueFault};

/// Cognito's `AttributeDataType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataType {
    String,
    Number,
    DateTime,
    Boolean,
}

impl DataType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "String",
            Self::Number => "Number",
            Self::DateTime => "DateTime",
            Self::Boolean => "Boolean",
        }
    }

    fn parse(name: &str) -> Result<Self, PoolError> {
        Ok(match name {
            "String" => Self::String,
            "Number" => Self::Number,
            "DateTime" => Self::DateTime,
            "Boolean" => Self::Boolean,
            other => {
                return Err(invalid(SchemaFault::DataTypeUnknown(other.to_string())));
            }
        })
    }
}

/// Cognito's `StringAttributeConstraints`: lengths in characters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lengths {
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// Cognito's `NumberAttributeConstraints`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// The longest value any attribute holds.
pub const MAX_VALUE_CHARS: u32 = 2048;
/// Cognito's limit on custom attributes per pool.
pub const MAX_CUSTOM_ATTRIBUTES: usize = 50;

/// One attribute of a pool's schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaAttribute {
    /// As users and Cognito's API name it: `email`, `custom:team`, `dev:custom:team`.
    pub name: String,
    pub data_type: DataType,
    /// Whether a value can change after the user is created.
    pub mutable: bool,
    /// Whether a sign-up or an administrator's new user must give it.
    pub required: bool,
    /// Cognito's legacy `dev:` attributes: only an administrator writes them.
    pub developer_only: bool,
    /// For strings: `Some` (possibly empty) when constraints are listed.
    pub lengths: Option<Lengths>,
    /// For numbers.
    pub bounds: Option<Bounds>,
}

/// A standard attribute: name, type, mutable, required, string lengths.
type Standard = (&'static str, DataType, bool, bool, Option<(u32, u32)>);

/// Cognito's standard attributes.
const STANDARD: &[Standard] = &[
    ("sub", DataType::String, false, true, Some((1, 2048))),
    ("name", DataType::String, true, false, Some((0, 2048))),
    ("given_name", DataType::String, true, false, Some((0, 2048))),
    (
        "family_name",
        DataType::String,
        true,
        false,
        Some((0, 2048)),
    ),
    (
        "middle_name",
        DataType::String,
        true,
        false,
        Some((0, 2048)),
    ),
    ("nickname", DataType::String, true, false, Some((0, 2048))),
    (
        "preferred_username",
        DataType::String,
        true,
        false,
        Some((0, 2048)),
    ),
    ("profile", DataType::String, true, false, Some((0, 2048))),
    ("picture", DataType::String, true, false, Some((0, 2048))),
    ("website", DataType::String, true, false, Some((0, 2048))),
    ("email", DataType::String, true, false, Some((0, 2048))),
    ("email_verified", DataType::Boolean, true, false, None),
    ("gender", DataType::String, true, false, Some((0, 2048))),
    ("birthdate", DataType::String, true, false, Some((10, 10))),
    ("zoneinfo", DataType::String, true, false, Some((0, 2048))),
    ("locale", DataType::String, true, false, Some((0, 2048))),
    (
        "phone_number",
        DataType::String,
        true,
        false,
        Some((0, 2048)),
    ),
    (
        "phone_number_verified",
        DataType::Boolean,
        true,
        false,
        None,
    ),
    ("address", DataType::String, true, false, Some((0, 2048))),
    ("updated_at", DataType::Number, true, false, None),
    ("identities", DataType::String, true, false, None),
];

/// Standard attributes that only Cognate (or, for the `_verified` ones, an administrator)
/// writes.
pub const NOT_USER_WRITABLE: &[&str] = &[
    "sub",
    "email_verified",
    "phone_number_verified",
    "identities",
];

/// Whether `name` is one of Cognito's standard attributes.
pub fn is_standard(name: &str) -> bool {
    STANDARD.iter().any(|entry| entry.0 == name)
}

impl SchemaAttribute {
    /// A standard attribute as Cognito defines it.
    pub fn standard(name: &str) -> Option<Self> {
        let &(name, data_type, mutable, required, lengths) =
            STANDARD.iter().find(|entry| entry.0 == name)?;
        Some(Self {
            name: name.to_string(),
            data_type,
            mutable,
            required,
            developer_only: false,
            lengths: match (data_type, lengths) {
                (DataType::String, Some((min, max))) => Some(Lengths {
                    min: Some(min),
                    max: Some(max),
                }),
                (DataType::String, None) => Some(Lengths::default()),
                _ => None,
            },
            bounds: (data_type == DataType::Number).then_some(Bounds {
                min: Some(0),
                max: None,
            }),
        })
    }

    /// Every standard attribute, in Cognito's order.
    pub fn standards() -> impl Iterator<Item = Self> {
        STANDARD.iter().filter_map(|entry| Self::standard(entry.0))
    }

    /// Whether this is an operator's attribute (`custom:` or `dev:custom:`).
    pub fn is_custom(&self) -> bool {
        !is_standard(&self.name)
    }

    /// Checks `value` against the type and constraints, as Cognito checks it.
    pub fn check_value(&self, value: &str) -> Result<(), PoolError> {
        let name = &self.name;
        let refuse = |fault: ValueFault| {
            Err(PoolError::InvalidParameter(Invalid::Attribute(
                AttributeFault::Value {
                    name: name.clone(),
                    fault,
                },
            )))
        };
        // No store keeps it as typed (PostgreSQL's JSON refuses it), and no one means it.
        if value.contains('\0') {
            return refuse(ValueFault::Nul);
        }
        let chars = u32::try_from(value.chars().count()).unwrap_or(u32::MAX);
        if chars > MAX_VALUE_CHARS {
            return refuse(ValueFault::TooLong(MAX_VALUE_CHARS));
        }
        match self.data_type {
            DataType::String => {
                let lengths = self.lengths.clone().unwrap_or_default();
                if let Some(min) = lengths.min.filter(|min| chars < *min) {
                    return refuse(ValueFault::TooShort(min));
                }
                if let Some(max) = lengths.max.filter(|max| chars > *max) {
                    return refuse(ValueFault::TooLong(max));
                }
            }
            DataType::Number => {
                let Some(number) = parse_number(value) else {
                    return refuse(ValueFault::NotNumber);
                };
                let bounds = self.bounds.clone().unwrap_or_default();
                if let Some(min) = bounds.min.filter(|min| number < *min as f64) {
                    return refuse(ValueFault::Below(min));
                }
                if let Some(max) = bounds.max.filter(|max| number > *max as f64) {
                    return refuse(ValueFault::Above(max));
                }
            }
            DataType::Boolean => {
                if value != "true" && value != "false" {
                    return refuse(ValueFault::NotBoolean);
                }
            }
            DataType::DateTime => {
                let date_time = chrono::DateTime::parse_from_rfc3339(value).is_ok()
                    || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
                if !date_time {
                    return refuse(ValueFault::NotDateTime);
                }
            }
        }
        // OIDC's updated_at is a whole number of seconds since 1970 (tokens carry it so).
        if name == "updated_at" && value.parse::<u64>().is_err() {
            return refuse(ValueFault::NotSeconds);
        }
        if name == "phone_number" && !is_e164(value) {
            return Err(PoolError::InvalidParameter(Invalid::Attribute(
                AttributeFault::Phone,
            )));
        }
        Ok(())
    }
}

/// A plain decimal number (`-12`, `3.5`): no exponent, no infinity, no NaN.
fn parse_number(value: &str) -> Option<f64> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !plain(whole) || !plain(fraction) || digits.len() > 40 {
        return None;
    }
    value.parse().ok()
}

/// Cognito's phone number form: `+`, then the country code and number, 1 to 15 digits.
pub fn is_e164(value: &str) -> bool {
    value.strip_prefix('+').is_some_and(|digits| {
        (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// One entry of a request's `Schema` or `CustomAttributes`, as the wire has it.
#[derive(Clone, Debug, Default)]
pub struct SchemaEntry {
    pub name: String,
    pub data_type: Option<String>,
    pub mutable: Option<bool>,
    pub required: Option<bool>,
    pub developer_only: Option<bool>,
    /// `StringAttributeConstraints` `(MinLength, MaxLength)` when given.
    pub string_constraints: Option<(Option<String>, Option<String>)>,
    /// `NumberAttributeConstraints` `(MinValue, MaxValue)` when given.
    pub number_constraints: Option<(Option<String>, Option<String>)>,
}

impl SchemaEntry {
    /// The attribute this entry defines, checked as Cognito does. `standard_allowed`: a
    /// standard attribute may be named (CreateUserPool's `Schema`); else every entry is
    /// custom (`AddCustomAttributes`).
    pub fn attribute(&self, standard_allowed: bool) -> Result<SchemaAttribute, PoolError> {
        let data_type = self.data_type.as_deref().map(DataType::parse).transpose()?;
        if standard_allowed && let Some(standard) = SchemaAttribute::standard(&self.name) {
            return self.standard(standard, data_type);
        }
        let base = self.name.strip_prefix("custom:").unwrap_or(&self.name);
        let chars = base.chars().count();
        if !(1..=20).contains(&chars)
            || base
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == ':')
        {
            return Err(invalid(SchemaFault::CustomName(base.to_string())));
        }
        let Some(data_type) = data_type else {
            return Err(invalid(SchemaFault::DataTypeMissing));
        };
        if self.required == Some(true) {
            return Err(invalid(SchemaFault::RequiredCustom));
        }
        let developer_only = self.developer_only == Some(true);
        let name = if developer_only {
            format!("dev:custom:{base}")
        } else {
            format!("custom:{base}")
        };
        let mut attribute = SchemaAttribute {
            name,
            data_type,
            mutable: self.mutable.unwrap_or(true),
            required: false,
            developer_only,
            lengths: (data_type == DataType::String).then(Lengths::default),
            bounds: None,
        };
        self.constraints(&mut attribute)?;
        Ok(attribute)
    }

    /// A standard attribute: its type stays; `Required`, `Mutable` and the string lengths
    /// may change (`sub` stays as it is).
    fn standard(
        &self,
        mut attribute: SchemaAttribute,
        data_type: Option<DataType>,
    ) -> Result<SchemaAttribute, PoolError> {
        let name = &attribute.name;
        if data_type.is_some_and(|t| t != attribute.data_type) || self.developer_only == Some(true)
        {
            return Err(invalid(SchemaFault::StandardChanged(name.to_string())));
        }
        if name == "sub" && (self.required == Some(false) || self.mutable == Some(true)) {
            return Err(invalid(SchemaFault::Sub));
        }
        if NOT_USER_WRITABLE.contains(&name.as_str())
            && name != "sub"
            && self.required == Some(true)
        {
            return Err(invalid(SchemaFault::CannotBeRequired(name.to_string())));
        }
        attribute.required = self.required.unwrap_or(attribute.required);
        attribute.mutable = self.mutable.unwrap_or(attribute.mutable);
        self.constraints(&mut attribute)?;
        Ok(attribute)
    }

    /// Reads the constraints that fit the attribute's type.
    fn constraints(&self, attribute: &mut SchemaAttribute) -> Result<(), PoolError> {
        let name = attribute.name.clone();
        let limit = |given: &Option<String>, member: &str| -> Result<Option<i64>, PoolError> {
            match given.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(text) => text
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .map(Some)
                    .ok_or_else(|| {
                        invalid(SchemaFault::Constraint {
                            member: member.to_string(),
                            name: name.clone(),
                        })
                    }),
            }
        };
        match attribute.data_type {
            DataType::String => {
                if let Some((min, max)) = &self.string_constraints {
                    let member = "StringAttributeConstraints";
                    let (min, max) = (limit(min, member)?, limit(max, member)?);
                    let over = |n: Option<i64>| n.is_some_and(|n| n > i64::from(MAX_VALUE_CHARS));
                    if over(min) || over(max) {
                        return Err(invalid(SchemaFault::StringTooLong(name)));
                    }
                    if let (Some(min), Some(max)) = (min, max)
                        && min > max
                    {
                        return Err(invalid(SchemaFault::MaxLengthBelowMin(name)));
                    }
                    // Both fit in u32: they are at most 2048.
                    attribute.lengths = Some(Lengths {
                        min: min.map(|n| n as u32),
                        max: max.map(|n| n as u32),
                    });
                }
            }
            DataType::Number => {
                if let Some((min, max)) = &self.number_constraints {
                    let member = "NumberAttributeConstraints";
                    let (min, max) = (limit(min, member)?, limit(max, member)?);
                    if let (Some(min), Some(max)) = (min, max)
                        && min > max
                    {
                        return Err(invalid(SchemaFault::MaxValueBelowMin(name)));
                    }
                    attribute.bounds = Some(Bounds { min, max });
                }
            }
            DataType::Boolean | DataType::DateTime => {}
        }
        Ok(())
    }
}

/// A pool's schema from CreateUserPool's `Schema`: the standard attributes it names and
/// the custom ones it adds (each named once).
pub fn schema_from(entries: &[SchemaEntry]) -> Result<Vec<SchemaAttribute>, PoolError> {
    let mut schema: Vec<SchemaAttribute> = Vec::new();
    for entry in entries {
        let attribute = entry.attribute(true)?;
        add_attribute(&mut schema, attribute)?;
    }
    Ok(schema)
}

/// Adds `attribute` to `schema`: a name is defined once, and a pool has at most 50 custom
/// attributes.
pub fn add_attribute(
    schema: &mut Vec<SchemaAttribute>,
    attribute: SchemaAttribute,
) -> Result<(), PoolError> {
    let base = |name: &str| name.trim_start_matches("dev:").to_string();
    if schema
        .iter()
        .any(|known| base(&known.name) == base(&attribute.name))
    {
        return Err(invalid(SchemaFault::Exists(attribute.name.clone())));
    }
    if attribute.is_custom()
        && schema.iter().filter(|a| a.is_custom()).count() >= MAX_CUSTOM_ATTRIBUTES
    {
        return Err(invalid(SchemaFault::TooMany(MAX_CUSTOM_ATTRIBUTES)));
    }
    schema.push(attribute);
    Ok(())
}

fn invalid(fault: SchemaFault) -> PoolError {
    PoolError::InvalidParameter(Invalid::Schema(fault))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, data_type: Option<&str>) -> SchemaEntry {
        SchemaEntry {
            name: name.into(),
            data_type: data_type.map(String::from),
            ..SchemaEntry::default()
        }
    }

    fn fault(result: Result<SchemaAttribute, PoolError>) -> SchemaFault {
        match result {
            Err(PoolError::InvalidParameter(Invalid::Schema(fault))) => fault,
            other => panic!("expected a schema fault, got {other:?}"),
        }
    }

    #[test]
    fn entries_are_checked_as_cognito_checks_them() {
        assert_eq!(
            fault(entry("team", Some("Text")).attribute(true)),
            SchemaFault::DataTypeUnknown("Text".into())
        );
        assert_eq!(
            fault(entry("team", None).attribute(true)),
            SchemaFault::DataTypeMissing
        );
        let required = SchemaEntry {
            required: Some(true),
            ..entry("team", Some("String"))
        };
        assert_eq!(fault(required.attribute(true)), SchemaFault::RequiredCustom);
        assert_eq!(
            fault(entry("email", Some("Number")).attribute(true)),
            SchemaFault::StandardChanged("email".into())
        );
        let long = SchemaEntry {
            string_constraints: Some((None, Some("2049".into()))),
            ..entry("team", Some("String"))
        };
        assert_eq!(
            fault(long.attribute(true)),
            SchemaFault::StringTooLong("custom:team".into())
        );
        let crossed = SchemaEntry {
            string_constraints: Some((Some("5".into()), Some("4".into()))),
            ..entry("team", Some("String"))
        };
        assert_eq!(
            fault(crossed.attribute(true)),
            SchemaFault::MaxLengthBelowMin("custom:team".into())
        );
        let bad = SchemaEntry {
            number_constraints: Some((Some("ten".into()), None)),
            ..entry("age", Some("Number"))
        };
        assert_eq!(
            fault(bad.attribute(true)),
            SchemaFault::Constraint {
                member: "NumberAttributeConstraints".into(),
                name: "custom:age".into()
            }
        );
        assert_eq!(
            fault(entry(&"x".repeat(21), Some("String")).attribute(true)),
            SchemaFault::CustomName("x".repeat(21))
        );
        let dev = SchemaEntry {
            developer_only: Some(true),
            ..entry("secret", Some("String"))
        };
        assert_eq!(dev.attribute(true).unwrap().name, "dev:custom:secret");
        // AddCustomAttributes: a standard name is a custom attribute of that name.
        assert_eq!(
            entry("email", Some("String"))
                .attribute(false)
                .unwrap()
                .name,
            "custom:email"
        );
    }

    #[test]
    fn a_name_is_defined_once_and_custom_attributes_are_capped() {
        let twice = [entry("team", Some("String")), entry("team", Some("Number"))];
        assert!(schema_from(&twice).is_err());
        let many: Vec<SchemaEntry> = (0..=MAX_CUSTOM_ATTRIBUTES)
            .map(|n| entry(&format!("a{n}"), Some("String")))
            .collect();
        assert!(schema_from(&many[..MAX_CUSTOM_ATTRIBUTES]).is_ok());
        assert!(schema_from(&many).is_err());
    }

    #[test]
    fn values_meet_their_type_and_constraints() {
        let age = SchemaEntry {
            number_constraints: Some((Some("18".into()), Some("130".into()))),
            ..entry("age", Some("Number"))
        }
        .attribute(true)
        .unwrap();
        assert!(age.check_value("42").is_ok());
        assert!(age.check_value("42.5").is_ok());
        for bad in ["17", "131", "forty", "1e3", "NaN", "", "-"] {
            assert!(age.check_value(bad).is_err(), "{bad}");
        }
        let flag = entry("member", Some("Boolean")).attribute(true).unwrap();
        assert!(flag.check_value("true").is_ok());
        assert!(flag.check_value("yes").is_err());
        let when = entry("joined", Some("DateTime")).attribute(true).unwrap();
        assert!(when.check_value("2026-11-30T12:00:00Z").is_ok());
        assert!(when.check_value("2026-11-30").is_ok());
        assert!(when.check_value("yesterday").is_err());
        let team = SchemaEntry {
            string_constraints: Some((Some("2".into()), Some("4".into()))),
            ..entry("team", Some("String"))
        }
        .attribute(true)
        .unwrap();
        assert!(team.check_value("blue").is_ok());
        assert!(team.check_value("b").is_err());
        assert!(team.check_value("green").is_err());
        assert!(team.check_value("bl\0e").is_err());
        let phone = SchemaAttribute::standard("phone_number").unwrap();
        assert!(phone.check_value("+15555550100").is_ok());
        assert!(phone.check_value("555-0100").is_err());
        let updated_at = SchemaAttribute::standard("updated_at").unwrap();
        assert!(updated_at.check_value("1700000000").is_ok());
        assert!(updated_at.check_value("1.5").is_err());
        let birthdate = SchemaAttribute::standard("birthdate").unwrap();
        assert!(birthdate.check_value("1990-01-31").is_ok());
        assert!(birthdate.check_value("1990-1-31").is_err());
    }
}
