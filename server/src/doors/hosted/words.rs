//! What the hosted pages say when the domain refuses: the pages' own words for each
//! reason, chosen by its type, never by reading another door's message.

use password_policy::PasswordRule;

use crate::pool::invalid::{
    AttributeFault, ClientFault, Invalid, MfaFault, ProviderFault, SignInFault, UsernameFault,
    ValueFault,
};
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
    }
}

/// A value or request the pages' forms lead to that the pool refuses. The rules only an
/// administrator's settings break get `NOT_HERE`: no form leads to them.
pub(super) fn invalid(invalid: &Invalid) -> String {
    match invalid {
        Invalid::Username(fault) => username(*fault),
        Invalid::Email => "Invalid email address format.".into(),
        Invalid::Unstorable => "A value contains a character that is not allowed (NUL).".into(),
        Invalid::Attribute(fault) => attribute(fault),
        Invalid::Client(fault) => client(fault),
        Invalid::SignIn(fault) => sign_in(*fault).into(),
        Invalid::Mfa(fault) => mfa(*fault).into(),
        Invalid::Provider(ProviderFault::NotEnabled(asked)) => {
            format!("The identity provider {asked} is not enabled for this app client.")
        }
        _ => NOT_HERE.into(),
    }
}

fn username(fault: UsernameFault) -> String {
    match fault {
        UsernameFault::NotPhone => "Invalid phone number format.".into(),
        UsernameFault::NotEmail { or_phone: true } => {
            "Username should be either an email or a phone number.".into()
        }
        UsernameFault::NotEmail { or_phone: false } => "Username should be an email.".into(),
        UsernameFault::LooksLikePhone => "Username cannot be of phone number format, since user \
                                          pool is configured for phone_number alias."
            .into(),
        UsernameFault::LooksLikeEmail => {
            "Username cannot be of email format, since user pool is configured for email alias."
                .into()
        }
        UsernameFault::Empty => "Username cannot be empty.".into(),
        UsernameFault::TooLong(most) => format!("Username must be at most {most} characters."),
        UsernameFault::Spaces => "Username cannot contain spaces.".into(),
        UsernameFault::Invisible => {
            "Username cannot contain invisible or formatting characters.".into()
        }
    }
}

fn attribute(fault: &AttributeFault) -> String {
    match fault {
        AttributeFault::NotInSchema(name) => {
            format!("Attribute does not exist in the schema: {name}")
        }
        AttributeFault::NotMutable(name) => {
            format!("Cannot modify the non-mutable attribute {name}")
        }
        AttributeFault::DeveloperOnly(name) => format!(
            "Cannot modify the developer-only attribute {name}: only an administrator writes it."
        ),
        AttributeFault::Required(name) => {
            format!("Attributes did not conform to the schema: {name}: The attribute is required")
        }
        AttributeFault::Value { name, fault } => format!(
            "Attributes did not conform to the schema: {name}: {}",
            value(*fault)
        ),
        AttributeFault::Phone => {
            "Invalid phone number format. A phone number is + and 1 to 15 digits (E.164).".into()
        }
        AttributeFault::DeleteRequired(name) => {
            format!("Cannot delete the required attribute {name}")
        }
        AttributeFault::DeleteNotMutable(name) => {
            format!("Cannot delete the non-mutable attribute {name}")
        }
        AttributeFault::NotVerifiable(name) => format!("Only email can be verified, not {name}."),
        AttributeFault::Unreadable | AttributeFault::Unwritable => NOT_HERE.into(),
    }
}

fn value(fault: ValueFault) -> String {
    match fault {
        ValueFault::Nul => "The value contains a NUL character.".into(),
        ValueFault::TooLong(most) => format!("String must be no longer than {most} characters"),
        ValueFault::TooShort(least) => {
            format!("String must be no shorter than {least} characters")
        }
        ValueFault::NotNumber => "Number must be a decimal number".into(),
        ValueFault::Below(least) => format!("Number must be no less than {least}"),
        ValueFault::Above(most) => format!("Number must be no greater than {most}"),
        ValueFault::NotBoolean => "Boolean must be true or false".into(),
        ValueFault::NotDateTime => "DateTime must be an ISO 8601 date (2026-11-30) or date and \
                                    time (2026-11-30T12:00:00Z)"
            .into(),
        ValueFault::NotSeconds => "updated_at is a whole number of seconds since 1970".into(),
    }
}

fn client(fault: &ClientFault) -> String {
    match fault {
        ClientFault::FlowNotEnabled(flow) => {
            format!("{} flow not enabled for this client", flow.name())
        }
        ClientFault::NoHostedPages => {
            "This app client does not use the hosted sign-in pages.".into()
        }
        ClientFault::ProvidersOnly => {
            "This app signs its users in through another provider.".into()
        }
        ClientFault::OwnSignInLink => {
            "This app signs its users in through its own sign-in link.".into()
        }
        ClientFault::NoPasswordFlow => "This app client does not allow password sign-in.".into(),
        _ => NOT_HERE.into(),
    }
}

fn sign_in(fault: SignInFault) -> &'static str {
    match fault {
        SignInFault::SrpA => "SRP_A is invalid.",
        SignInFault::Timestamp => "TIMESTAMP format is invalid.",
        SignInFault::UsePassword => "Sign in with your password.",
        SignInFault::NoEmail => "The user has no email to send a code to.",
        SignInFault::NoVerifiedEmail => "The user has no verified email to send a code to.",
        SignInFault::NoRegisteredEmail => {
            "Cannot reset password for the user as there is no registered email."
        }
        SignInFault::NoAutoVerification => "Cannot resend codes. Auto verification not turned on.",
        SignInFault::AlreadyConfirmed => "User is already confirmed.",
    }
}

fn mfa(fault: MfaFault) -> &'static str {
    match fault {
        MfaFault::SoftwareTokenOff => "Software token MFA is not enabled for this user pool.",
        MfaFault::EmailOff => "Email MFA is not enabled for this user pool.",
        MfaFault::SoftwareTokenUnverified => "User has not verified software token mfa",
        MfaFault::AssociateFirst => "Associate a software token (AssociateSoftwareToken) first.",
        MfaFault::SetUpFirst => {
            "Set up a software token first: AssociateSoftwareToken and \
                                 VerifySoftwareToken with this Session."
        }
        MfaFault::NoVerifiedEmail => "The user has no verified email to send codes to.",
    }
}

/// Why the form's new password is refused (the checklist beside it shows every rule).
pub(super) fn weak_password(fault: PasswordFault) -> &'static str {
    match fault {
        PasswordFault::TooLong => "Password is too long.",
        PasswordFault::Unmet(PasswordRule::MinimumLength(_)) => "Password not long enough.",
        PasswordFault::Unmet(PasswordRule::Lowercase) => "Password must have lowercase characters.",
        PasswordFault::Unmet(PasswordRule::Uppercase) => "Password must have uppercase characters.",
        PasswordFault::Unmet(PasswordRule::Number) => "Password must have numeric characters.",
        PasswordFault::Unmet(PasswordRule::Symbol) => "Password must have symbol characters.",
    }
}
