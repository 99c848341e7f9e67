//! What the hosted pages say when the domain refuses: the pages' own words for each
//! reason, chosen by its type, never by reading another door's message.

use password_policy::PasswordRule;

use crate::doors::sentences::invalid_words;
use crate::pool::invalid::{AttributeFault, ClientFault, Invalid, ProviderFault};
use crate::pool::{Constraint, Denied, PasswordFault, Rule, UnknownUser};

/// Too many codes asked for or guessed, too many tries.
pub(super) const ATTEMPT_LIMIT: &str = "Attempt limit exceeded, please try after some time.";

/// A refusal only an administrator's operation can meet.
pub(super) const NOT_HERE: &str = "This cannot be done from this page.";

/// A user the form named that the pool does not have (where the pool says so).
pub(super) fn unknown_user(unknown: UnknownUser) -> &'static str {
    match unknown {
        UnknownUser::User => "User does not exist.",
        UnknownUser::ForClient => "Username/client id combination not found.",
    }
}

/// A refusal as the sign-in, sign-up, reset and account forms show it.
pub(super) fn refusal(reason: &Denied) -> String {
    let words = match reason {
        // The same words for an unknown user and a wrong password.
        Denied::WrongCredentials => "Incorrect username or password.",
        Denied::PasskeyRefused => {
            "That passkey did not sign you in. Try again, or sign in another way."
        }
        Denied::Disabled => "User is disabled.",
        Denied::LockedOut => "Password attempts exceeded",
        Denied::TemporaryPasswordExpired => {
            "Temporary password has expired and must be reset by an administrator."
        }
        Denied::CannotConfirm(status) => {
            return format!(
                "User cannot be confirmed. Current status is {}",
                status.as_str()
            );
        }
        Denied::ResetByAdministrator => {
            "Password reset is done by an administrator in this user pool."
        }
        Denied::ResetNotAllowed => "User password cannot be reset in the current state.",
        Denied::SignUpNotAllowed => "SignUp is not permitted for this user pool",
        Denied::FederationExpired => {
            "This sign-in has expired. Go back to the app and sign in again."
        }
        Denied::ProviderNamedNoUser => "The identity provider named no user.",
        Denied::LinkedUserGone => "The linked user no longer exists.",
        Denied::ProviderNameTaken => "A user with this provider's name already exists.",
        Denied::DeviceKeyMismatch => SIGN_IN_ENDED,
        Denied::FeedbackTokenInvalid => {
            "This link has been used already or is not valid. Your answer was not recorded."
        }
        Denied::RiskBlocked => {
            "This sign-in was blocked for your account's safety. If it was you, try again \
             later from a device you have used before, or reset your password."
        }
        Denied::SessionInvalid | Denied::SessionExpired | Denied::SessionTriesUsed => {
            "This sign-in has expired. Sign in again."
        }
        Denied::Token(..) | Denied::RefreshTokenOtherClient | Denied::ClientGone => SIGN_IN_ENDED,
        Denied::UserGone => "User does not exist.",
        Denied::SecretHashMissing(_)
        | Denied::SecretHashWrong(_)
        | Denied::ClientSecretWrong(_)
        | Denied::AttributeNotWritable
        | Denied::MissingScope
        | Denied::Login(_) => "This app may not do that. Go back to the app and try again.",
    };
    words.to_string()
}

/// An account form whose sign-in no longer holds.
pub(super) const SIGN_IN_ENDED: &str =
    "Your sign-in has ended. Sign in again to manage your account.";

/// A value the form cannot take, said plainly.
pub(super) fn broken(broken: &Constraint) -> String {
    let field = match broken.member.as_str() {
        "username" => "The username",
        "filter" => "The search",
        "domain" => "The domain",
        _ => "This value",
    };
    match broken.rule {
        Rule::MaxLength(most) => format!("{field} can be at most {most} characters long."),
        Rule::Pattern(_) | Rule::OneOf(_) => format!("{field} holds characters it may not."),
        Rule::Between(low, high) => format!("{field} must be from {low} to {high}."),
    }
}

/// A value or request the pages' forms lead to that the pool refuses: in the sentences
/// the Cognito API says. The rules only an administrator's settings break get `NOT_HERE`:
/// no form leads to them.
pub(super) fn invalid(invalid: &Invalid) -> String {
    let a_form_s = match invalid {
        Invalid::Username(_)
        | Invalid::Email
        | Invalid::Unstorable
        | Invalid::SignIn(_)
        | Invalid::Mfa(_)
        | Invalid::Provider(ProviderFault::NotEnabled(_)) => true,
        Invalid::Attribute(fault) => !matches!(
            fault,
            AttributeFault::Unreadable | AttributeFault::Unwritable
        ),
        Invalid::Client(fault) => matches!(
            fault,
            ClientFault::FlowNotEnabled(_)
                | ClientFault::NoHostedPages
                | ClientFault::ProvidersOnly
                | ClientFault::OwnSignInLink
                | ClientFault::NoPasswordFlow
        ),
        _ => false,
    };
    if a_form_s {
        invalid_words(invalid)
    } else {
        NOT_HERE.into()
    }
}

/// Why the form's new password is refused (the checklist beside it shows every rule).
/// Why a passkey was not added, as the account page says it.
pub(super) fn passkey(refusal: crate::pool::WebAuthnRefusal) -> &'static str {
    use crate::pool::WebAuthnRefusal as R;
    match refusal {
        R::NotEnabled => "Passkeys are not available here.",
        R::ChallengeNotFound | R::ClientMismatch => {
            "This passkey request has expired. Start again."
        }
        R::RelyingPartyMismatch | R::OriginNotAllowed => {
            "This passkey was made for another site. Make one for this site."
        }
        R::CredentialNotSupported => {
            "This passkey could not be added: it may already be added, or your device \
             could not verify you. Try again, or use another device."
        }
    }
}

pub(super) fn weak_password(fault: PasswordFault) -> &'static str {
    match fault {
        PasswordFault::TooLong => "Password is too long.",
        PasswordFault::Reused => "You used this password recently. Choose a different one.",
        PasswordFault::Breached => {
            "This password has appeared in a data breach elsewhere. Choose a different one."
        }
        PasswordFault::Unmet(PasswordRule::MinimumLength(_)) => "Password not long enough.",
        PasswordFault::Unmet(PasswordRule::Lowercase) => "Password must have lowercase characters.",
        PasswordFault::Unmet(PasswordRule::Uppercase) => "Password must have uppercase characters.",
        PasswordFault::Unmet(PasswordRule::Number) => "Password must have numeric characters.",
        PasswordFault::Unmet(PasswordRule::Symbol) => "Password must have symbol characters.",
    }
}

#[cfg(test)]
mod tests {
    /// The sentences a source file writes (string literals of words, joined across line
    /// continuations), outside comments.
    fn sentences(source: &str) -> Vec<String> {
        let code: String = source
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("\\\n", "");
        code.split('"')
            .skip(1)
            .step_by(2)
            .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|text| {
                text.len() > 12
                    && text.contains(' ')
                    && text.starts_with(|c: char| c.is_ascii_uppercase())
                    && !text.contains('{')
            })
            .collect()
    }

    #[test]
    fn every_refusal_a_form_shows_is_a_message_of_the_pages() {
        let english: Vec<&String> = app::i18n::words_of("en").words.values().collect();
        for (file, source) in [
            ("words.rs", include_str!("words.rs")),
            ("hosted.rs", include_str!("../hosted.rs")),
        ] {
            for sentence in sentences(source) {
                assert!(
                    english.iter().any(|text| **text == sentence),
                    "{file}: \"{sentence}\" is not in app/locales/en/errors.ftl"
                );
            }
        }
    }

    #[test]
    fn a_refusal_is_said_in_the_pages_language() {
        // Outside a page's request the words are English; each language has its own.
        assert_eq!(
            app::i18n::say("Incorrect username or password."),
            "Incorrect username or password."
        );
        let german = &app::i18n::words_of("de").words["err-wrong-credentials"];
        assert_eq!(german, "Benutzername oder Passwort ist falsch.");
        assert_eq!(app::i18n::say("not one of them"), "not one of them");
    }
}
