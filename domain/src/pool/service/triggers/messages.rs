//! The custom message trigger: the words of every email that carries a code.

use super::*;

/// What an email with a code is for, as the custom message trigger's `triggerSource` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MessageFor {
    SignUp,
    ResendCode,
    ForgotPassword,
    UpdateUserAttribute,
    VerifyUserAttribute,
    /// The invitation: the code is the temporary password.
    AdminCreateUser,
    /// A sign-in's code by email.
    Authentication,
}

impl MessageFor {
    fn source(self) -> &'static str {
        match self {
            Self::SignUp => "CustomMessage_SignUp",
            Self::ResendCode => "CustomMessage_ResendCode",
            Self::ForgotPassword => "CustomMessage_ForgotPassword",
            Self::UpdateUserAttribute => "CustomMessage_UpdateUserAttribute",
            Self::VerifyUserAttribute => "CustomMessage_VerifyUserAttribute",
            Self::AdminCreateUser => "CustomMessage_AdminCreateUser",
            Self::Authentication => "CustomMessage_Authentication",
        }
    }
}

/// The custom message trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct CustomMessageAnswer {
    email_message: Option<String>,
    email_subject: Option<String>,
}

/// Where the code goes in a custom message (Cognito's `codeParameter`), and the username
/// in an invitation (`usernameParameter`).
const CODE_PLACE: &str = "{####}";
const USERNAME_PLACE: &str = "{username}";

impl UserPool {
    /// The custom message trigger, if the pool has one: its subject and message replace
    /// `email`'s. The message must keep the code's place (`{####}`), as Cognito requires;
    /// the code (and in an invitation, the username) is put in only after the function
    /// answers, so it never sees them.
    pub(crate) async fn custom_message(
        &self,
        pool: &PoolConfig,
        occasion: MessageFor,
        user: &User,
        code: &str,
        mut email: crate::pool::mailer::Email,
    ) -> Result<crate::pool::mailer::Email, PoolError> {
        if !Self::has_trigger(pool, Trigger::CustomMessage) {
            return Ok(email);
        }
        let invitation = occasion == MessageFor::AdminCreateUser;
        let event = TriggerEvent::new(Trigger::CustomMessage, occasion.source(), &user.username)
            .request(json!({
                "userAttributes": user_attributes(user),
                "codeParameter": CODE_PLACE,
                "usernameParameter": if invitation { Some(USERNAME_PLACE) } else { None },
                "linkParameter": "{##Click Here##}",
                "clientMetadata": {},
            }))
            .response(json!({
                "smsMessage": null,
                "emailMessage": null,
                "emailSubject": null,
            }));
        let Some(answer) = self.run_trigger::<CustomMessageAnswer>(pool, event).await? else {
            return Ok(email);
        };
        if let Some(message) = answer.email_message {
            if !message.contains(CODE_PLACE) {
                tracing::warn!("the custom message trigger's message lost the code's place");
                return Err(PoolError::TriggerAnswer {
                    trigger: Trigger::CustomMessage,
                });
            }
            let mut body = message.replace(CODE_PLACE, code);
            if invitation {
                body = body.replace(USERNAME_PLACE, user.sign_in_name());
            }
            email.body = body;
        }
        if let Some(subject) = answer.email_subject.filter(|s| !s.trim().is_empty()) {
            email.subject = subject;
        }
        Ok(email)
    }
}
