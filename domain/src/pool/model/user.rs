//! Users: their status, attributes and the checks on what they type in.

use std::collections::BTreeMap;
use std::fmt;

use crate::clock::Timestamp;

use super::PoolId;
use crate::pool::invalid::{Invalid, UsernameFault};
use crate::pool::srp::Verifier;
use crate::pool::{PoolError, Rule};

/// A user's immutable id (Cognito's `sub`), a random UUID.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sub(String);

impl Sub {
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// Accepts only the UUID form Cognate issues.
    pub fn parse(value: &str) -> Option<Self> {
        uuid::Uuid::try_parse(value)
            .ok()
            .map(|id| Self(id.hyphenated().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Cognito's `UserStatusType` values that Cognate uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserStatus {
    Unconfirmed,
    Confirmed,
    ForceChangePassword,
    ResetRequired,
    /// Signs in only through an identity provider: no password.
    ExternalProvider,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "UNCONFIRMED",
            Self::Confirmed => "CONFIRMED",
            Self::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            Self::ResetRequired => "RESET_REQUIRED",
            Self::ExternalProvider => "EXTERNAL_PROVIDER",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "UNCONFIRMED" => Self::Unconfirmed,
            "CONFIRMED" => Self::Confirmed,
            "FORCE_CHANGE_PASSWORD" => Self::ForceChangePassword,
            "RESET_REQUIRED" => Self::ResetRequired,
            "EXTERNAL_PROVIDER" => Self::ExternalProvider,
            _ => return None,
        })
    }
}

/// Whether a user's email (or phone number) signs them in: the pool's sign-in attributes,
/// fixed when the pool is created (Cognito cannot change them later), so each user keeps
/// the rule it began with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInRule {
    /// Neither an alias nor the username: users sign in by username only.
    No,
    /// Cognito's `AliasAttributes=[email]` (or `phone_number`): the attribute signs in once
    /// it is verified.
    WhenVerified,
    /// Cognito's `UsernameAttributes=[email]` (or `phone_number`): users sign up and in
    /// with it; the stored username is the `sub`.
    AsUsername,
}

impl SignInRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::No => "no",
            Self::WhenVerified => "when_verified",
            Self::AsUsername => "as_username",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "no" => Self::No,
            "when_verified" => Self::WhenVerified,
            "as_username" => Self::AsUsername,
            _ => return None,
        })
    }
}

/// A user's attributes by Cognito name (`email`, `email_verified`, `custom:team`, …), as
/// strings, as Cognito keeps them.
pub type Attributes = BTreeMap<String, String>;

/// A user of a pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub sub: Sub,
    pub pool_id: PoolId,
    /// As the user typed it at sign-up.
    pub username: String,
    pub status: UserStatus,
    pub enabled: bool,
    /// The argon2id PHC string.
    pub password_hash: Option<String>,
    /// The same password as SRP sees it (USER_SRP_AUTH); set with the hash.
    pub srp_verifier: Option<Verifier>,
    /// Whether the email signs this user in.
    pub email_sign_in: SignInRule,
    /// Whether the phone number signs this user in (Cognate sends no SMS: an administrator
    /// verifies it).
    pub phone_sign_in: SignInRule,
    /// Never holds `sub`; it is added when attributes are shown.
    pub attributes: Attributes,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl User {
    /// The key usernames are unique by: case-insensitive, as Cognito's default.
    pub fn username_key(&self) -> String {
        fold(&self.username)
    }

    /// Whether `name` names this user: the username, the verified email, or the `sub`
    /// (what Cognito's USER_ID_FOR_SRP may be).
    pub fn answers_to(&self, name: &str) -> bool {
        let key = fold(name);
        key == self.username_key()
            || Some(&key) == self.email_key().as_ref()
            || Some(&key) == self.phone_key().as_ref()
            || name == self.sub.as_str()
    }

    pub fn email(&self) -> Option<&str> {
        self.attributes.get("email").map(String::as_str)
    }

    pub fn email_verified(&self) -> bool {
        self.attributes.get("email_verified").map(String::as_str) == Some("true")
    }

    /// The email once it is verified: where sign-in codes may go. A changed email waits
    /// for its code, so that whoever changed it cannot receive the owner's second factor.
    pub fn verified_email(&self) -> Option<&str> {
        self.email().filter(|_| self.email_verified())
    }

    /// The key of the email when it signs the user in (the pool's rule); unique in the pool.
    pub fn email_key(&self) -> Option<String> {
        match self.email_sign_in {
            SignInRule::No => None,
            SignInRule::WhenVerified => self.email().filter(|_| self.email_verified()).map(fold),
            SignInRule::AsUsername => self.email().map(fold),
        }
    }

    pub fn phone(&self) -> Option<&str> {
        self.attributes.get("phone_number").map(String::as_str)
    }

    pub fn phone_verified(&self) -> bool {
        self.attributes
            .get("phone_number_verified")
            .map(String::as_str)
            == Some("true")
    }

    /// The key of the phone number when it signs the user in; unique in the pool.
    pub fn phone_key(&self) -> Option<String> {
        match self.phone_sign_in {
            SignInRule::No => None,
            SignInRule::WhenVerified => self.phone().filter(|_| self.phone_verified()).map(fold),
            SignInRule::AsUsername => self.phone().map(fold),
        }
    }

    /// The name the user knows themselves by: the email (or phone number) where it is the
    /// username (the stored username is then the `sub`), else the username.
    pub fn sign_in_name(&self) -> &str {
        match (self.email_sign_in, self.email()) {
            (SignInRule::AsUsername, Some(email)) => email,
            _ => match (self.phone_sign_in, self.phone()) {
                (SignInRule::AsUsername, Some(phone)) => phone,
                _ => &self.username,
            },
        }
    }

    /// Marks the email as verified (a code sent to it came back).
    pub fn verify_email(&mut self) {
        if self.email().is_some() {
            self.attributes
                .insert("email_verified".to_string(), "true".to_string());
        }
    }
}

/// The form of a username or email that lookups compare, as Cognito's case-insensitive
/// pools: Unicode's compatibility caseless match (NFKC_Casefold: full-width, composed and
/// decomposed look-alikes and every case of a name are one key).
pub fn fold(value: &str) -> String {
    use caseless::Caseless;
    use unicode_normalization::UnicodeNormalization;
    // Unicode D146, NFKD(toCasefold(NFKD(toCasefold(NFD(X))))), kept composed (NFKC).
    let once: String = value.nfd().default_case_fold().collect();
    let twice: String = once.nfkd().default_case_fold().collect();
    // Trimmed last: normalising can make a space (´ is a space and a combining accent).
    twice.nfkc().collect::<String>().trim().to_string()
}

/// The key to find a user by a name a request gives, once the name is checked.
pub fn lookup_key(typed: &str) -> Result<String, PoolError> {
    check_typed_name(typed)?;
    Ok(fold(typed))
}

/// A username as stored: its NFKC form (the case the user typed is kept).
pub fn normalized(value: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    value.nfkc().collect::<String>().trim().to_string()
}

/// The longest name a request may give (Cognito's `Username` constraint).
pub const MAX_NAME_CHARS: usize = 128;

/// A name a request gives to find a user: refused, the same way for everyone, when no user
/// could have it.
pub fn check_typed_name(typed: &str) -> Result<(), PoolError> {
    if typed.chars().count() > MAX_NAME_CHARS {
        return Err(PoolError::constraint(
            "username",
            None,
            Rule::MaxLength(MAX_NAME_CHARS),
        ));
    }
    Ok(())
}

/// Characters no username may hold: controls, spaces, and those that render as nothing or
/// steer the text (zero-width, joiners, bidi controls, variation selectors, tags, private
/// use): Unicode's Default_Ignorable_Code_Point set and its neighbours, outside Cognito's
/// `[\p{L}\p{M}\p{S}\p{N}\p{P}]`.
fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xE000..=0xF8FF
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFFB
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
            | 0xF0000..=0x10FFFF
    ) || c.is_control()
        || c.is_whitespace()
}

/// Cognito's username pattern `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, at most 128 characters; with
/// email (or phone number) as an alias, a username may not itself look like one (Cognito
/// refuses it). Where the email or phone number is the username, the name given must be one.
pub fn check_username(
    username: &str,
    email_sign_in: SignInRule,
    phone_sign_in: SignInRule,
) -> Result<(), PoolError> {
    let email_name = email_sign_in == SignInRule::AsUsername;
    let phone_name = phone_sign_in == SignInRule::AsUsername;
    if phone_name && (username.starts_with('+') || !email_name) {
        return if super::is_e164(username) {
            Ok(())
        } else {
            Err(PoolError::InvalidParameter(Invalid::Username(
                UsernameFault::NotPhone,
            )))
        };
    }
    if email_name {
        return check_email(username).map_err(|_| {
            PoolError::InvalidParameter(Invalid::Username(UsernameFault::NotEmail {
                or_phone: phone_name,
            }))
        });
    }
    if phone_sign_in == SignInRule::WhenVerified && super::is_e164(username) {
        return Err(bad_username(UsernameFault::LooksLikePhone));
    }
    if username.is_empty() {
        return Err(bad_username(UsernameFault::Empty));
    }
    if username.chars().count() > MAX_USERNAME_CHARS {
        return Err(bad_username(UsernameFault::TooLong(MAX_USERNAME_CHARS)));
    }
    if username
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad_username(UsernameFault::Spaces));
    }
    if username.chars().any(is_invisible) {
        return Err(bad_username(UsernameFault::Invisible));
    }
    if email_sign_in == SignInRule::WhenVerified && looks_like_email(username) {
        return Err(bad_username(UsernameFault::LooksLikeEmail));
    }
    Ok(())
}

/// The most characters a username has.
const MAX_USERNAME_CHARS: usize = 128;

fn bad_username(fault: UsernameFault) -> PoolError {
    PoolError::InvalidParameter(Invalid::Username(fault))
}

/// A syntactically valid email address: what mail delivery will accept.
pub fn check_email(email: &str) -> Result<(), PoolError> {
    let valid =
        email.len() <= 254 && looks_like_email(email) && email.parse::<lettre::Address>().is_ok();
    if valid {
        Ok(())
    } else {
        Err(PoolError::InvalidParameter(Invalid::Email))
    }
}

fn looks_like_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.contains('@'),
        None => false,
    }
}

/// An email with the middle hidden, as Cognito shows a code's destination: `j***@e***`.
pub fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

#[cfg(test)]
mod tests {
    #[test]
    fn look_alike_names_are_one_name_and_invisible_ones_are_refused() {
        // NFC and NFD twins, full-width letters and case all fold to one key.
        let composed = "J\u{e9}r\u{f4}me";
        let decomposed = "Je\u{301}ro\u{302}me";
        let full_width = "\u{ff2a}\u{ff45}\u{ff52}\u{ff4f}\u{ff4d}\u{ff45}";
        assert_eq!(fold(composed), fold(decomposed));
        assert_eq!(fold(full_width), "jerome");
        assert_eq!(normalized(full_width), "Jerome");
        let alias = SignInRule::WhenVerified;
        for invisible in [
            "ja\u{200b}ne",
            "ja\u{200d}ne",
            "\u{feff}jane",
            "ja\u{202e}ne",
            "ja\u{e000}ne",
        ] {
            assert!(
                check_username(invisible, alias, SignInRule::No).is_err(),
                "{invisible:?}"
            );
        }
        assert!(check_username("ja\u{7}ne", alias, SignInRule::No).is_err());
        assert!(check_typed_name(&"a".repeat(129)).is_err());
        assert!(lookup_key(&"a".repeat(128)).is_ok());
    }

    use super::*;

    #[test]
    fn usernames_follow_cognito_rules() {
        let alias = SignInRule::WhenVerified;
        assert!(check_username("jane", alias, SignInRule::No).is_ok());
        assert!(check_username("Jäne-Doe_1", alias, SignInRule::No).is_ok());
        assert!(check_username("", alias, SignInRule::No).is_err());
        assert!(check_username("jane doe", alias, SignInRule::No).is_err());
        assert!(check_username(&"a".repeat(129), alias, SignInRule::No).is_err());
        assert!(check_username("jane@example.com", alias, SignInRule::No).is_err());
        // Without the alias an email-shaped username is a username like any other.
        assert!(check_username("jane@example.com", SignInRule::No, SignInRule::No).is_ok());
        // Where the email is the username, nothing else is one.
        assert!(check_username("jane@example.com", SignInRule::AsUsername, SignInRule::No).is_ok());
        assert!(check_username("jane", SignInRule::AsUsername, SignInRule::No).is_err());
        // The phone number as the username, or as an alias.
        let (no, alias, name) = (
            SignInRule::No,
            SignInRule::WhenVerified,
            SignInRule::AsUsername,
        );
        assert!(check_username("+15555550100", no, name).is_ok());
        assert!(check_username("jane", no, name).is_err());
        assert!(check_username("+1555-0100", no, name).is_err());
        assert!(check_username("jane@example.com", name, name).is_ok());
        assert!(check_username("+15555550100", name, name).is_ok());
        assert!(check_username("jane", name, name).is_err());
        assert!(check_username("+15555550100", no, alias).is_err());
        assert!(check_username("jane", no, alias).is_ok());
    }

    #[test]
    fn emails_are_checked_and_masked() {
        assert!(check_email("jane@example.com").is_ok());
        assert!(check_email("jane@example").is_err());
        assert!(check_email("jane").is_err());
        assert!(check_email("ja ne@example.com").is_err());
        assert_eq!(mask_email("jane@example.com"), "j***@e***");
    }

    #[test]
    fn the_email_is_an_alias_only_once_verified() {
        let mut user = User {
            email_sign_in: SignInRule::WhenVerified,
            phone_sign_in: SignInRule::No,
            sub: Sub::generate(),
            pool_id: PoolId::generate("local"),
            username: "Jane".into(),
            status: UserStatus::Unconfirmed,
            enabled: true,
            password_hash: None,
            srp_verifier: None,
            attributes: [("email".to_string(), "Jane@Example.com".to_string())].into(),
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        };
        assert_eq!(user.username_key(), "jane");
        assert_eq!(user.email_key(), None);
        user.verify_email();
        assert_eq!(user.email_key().as_deref(), Some("jane@example.com"));
        user.email_sign_in = SignInRule::No;
        assert_eq!(user.email_key(), None);
        assert_eq!(user.sign_in_name(), "Jane");
        user.email_sign_in = SignInRule::AsUsername;
        user.attributes.remove("email_verified");
        assert_eq!(user.email_key().as_deref(), Some("jane@example.com"));
        assert_eq!(user.sign_in_name(), "Jane@Example.com");
    }

    #[test]
    fn subs_round_trip() {
        let sub = Sub::generate();
        assert_eq!(Sub::parse(sub.as_str()), Some(sub));
        assert_eq!(Sub::parse("not-a-uuid"), None);
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        proptest! {
            #[test]
            fn folding_is_stable_and_sees_through_look_alikes(name in "\\PC{0,40}") {
                let key = fold(&name);
                prop_assert_eq!(fold(&key), key.clone());
                prop_assert_eq!(fold(&normalized(&name)), key.clone());
            }

            #[test]
            fn every_case_of_a_name_is_one_name(name in "[a-zA-Z0-9\u{c0}-\u{ff}\u{391}-\u{3c9}\u{410}-\u{44f}]{0,30}") {
                prop_assert_eq!(fold(&name.to_uppercase()), fold(&name.to_lowercase()));
            }

            #[test]
            fn an_accepted_username_has_nothing_invisible(name in "(\\PC|\\p{Cf}|\\s){0,40}") {
                let given = normalized(&name);
                if check_username(&given, SignInRule::WhenVerified, SignInRule::No).is_ok() {
                    prop_assert!(!given.is_empty() && given.chars().count() <= 128);
                    prop_assert!(!given.chars().any(is_invisible), "{:?}", given);
                }
            }

            #[test]
            fn names_longer_than_cognitos_limit_find_no_one(name in "[a-z]{129,300}") {
                prop_assert!(lookup_key(&name).is_err());
            }
        }
    }
}
