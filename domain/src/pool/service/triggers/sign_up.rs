//! The sign-up triggers: pre sign-up, post confirmation, and user migration (a sign-up
//! on the old system's word).

use super::*;

/// The pre sign-up trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PreSignUpAnswer {
    pub auto_confirm_user: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// Where a new user comes from, for the pre sign-up trigger's `triggerSource`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignUpSource {
    SignUp,
    AdminCreateUser,
    ExternalProvider,
}

impl UserPool {
    /// The pre sign-up trigger, for a user not yet stored: a refusal stores nothing.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn pre_sign_up(
        &self,
        pool: &PoolConfig,
        source: SignUpSource,
        client: Option<&ClientId>,
        username: &str,
        attributes: &Attributes,
        validation_data: &Attributes,
        client_metadata: &Attributes,
    ) -> Result<PreSignUpAnswer, PoolError> {
        let source_name = match source {
            SignUpSource::SignUp => "PreSignUp_SignUp",
            SignUpSource::AdminCreateUser => "PreSignUp_AdminCreateUser",
            SignUpSource::ExternalProvider => "PreSignUp_ExternalProvider",
        };
        let mut event = TriggerEvent::new(Trigger::PreSignUp, source_name, username)
            .request(json!({
                "userAttributes": string_map(attributes),
                "validationData": string_map(validation_data),
                "clientMetadata": string_map(client_metadata),
            }))
            .response(json!({
                "autoConfirmUser": false,
                "autoVerifyEmail": false,
                "autoVerifyPhone": false,
            }));
        if let Some(client) = client {
            event = event.client(client);
        }
        let answer: PreSignUpAnswer = self.run_trigger(pool, event).await?.unwrap_or_default();
        // Cognito: an address can only be verified where there is one.
        if (answer.auto_verify_email && !attributes.contains_key("email"))
            || (answer.auto_verify_phone && !attributes.contains_key("phone_number"))
        {
            return Err(PoolError::TriggerAnswer {
                trigger: Trigger::PreSignUp,
            });
        }
        Ok(answer)
    }

    /// The post confirmation trigger, for a user just confirmed (by a code, by the pre
    /// sign-up trigger, or federated on first sign-in) or whose password reset was just
    /// confirmed.
    pub(crate) async fn post_confirmation(
        &self,
        pool: &PoolConfig,
        reset: bool,
        client: Option<&ClientId>,
        user: &User,
        client_metadata: &Attributes,
    ) -> Result<(), PoolError> {
        let source = if reset {
            "PostConfirmation_ConfirmForgotPassword"
        } else {
            "PostConfirmation_ConfirmSignUp"
        };
        let mut event = TriggerEvent::new(Trigger::PostConfirmation, source, &user.username)
            .request(json!({
                "userAttributes": user_attributes(user),
                "clientMetadata": string_map(client_metadata),
            }));
        if let Some(client) = client {
            event = event.client(client);
        }
        self.run_trigger::<NoAnswerExpected>(pool, event).await?;
        Ok(())
    }
}

/// The user migration trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct MigrationAnswer {
    user_attributes: Option<std::collections::BTreeMap<String, String>>,
    final_user_status: Option<String>,
    message_action: Option<String>,
}

impl UserPool {
    /// The user migration trigger, for a name the pool does not know: at a password
    /// sign-in (`password` given, so the next sign-in is local) or a forgotten password.
    /// The user the function describes is created, with the password just typed; `None`
    /// where the pool has no such trigger. A function that fails (the old system does not
    /// know the name, or the password is wrong) is [`PoolError::TriggerRefused`].
    pub(crate) async fn migrate_user(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        typed: &str,
        password: Option<&str>,
        client_metadata: &Attributes,
    ) -> Result<Option<User>, PoolError> {
        if !Self::has_trigger(pool, Trigger::UserMigration) {
            return Ok(None);
        }
        let (source, mut request) = match password {
            Some(password) => (
                "UserMigration_Authentication",
                json!({ "password": password }),
            ),
            None => ("UserMigration_ForgotPassword", json!({})),
        };
        request["validationData"] = string_map(client_metadata);
        request["clientMetadata"] = string_map(client_metadata);
        let event = TriggerEvent::new(Trigger::UserMigration, source, typed)
            .client(&client.id)
            .request(request)
            .response(json!({
                "userAttributes": null,
                "finalUserStatus": null,
                "messageAction": null,
                "desiredDeliveryMediums": null,
                "forceAliasCreation": null,
                "enableSMSMFA": null,
            }));
        let Some(answer) = self.run_trigger::<MigrationAnswer>(pool, event).await? else {
            return Ok(None);
        };
        let wrong = || PoolError::TriggerAnswer {
            trigger: Trigger::UserMigration,
        };
        let status = match (answer.final_user_status.as_deref(), password) {
            (None | Some("CONFIRMED"), Some(_)) => UserStatus::Confirmed,
            (None | Some("RESET_REQUIRED"), _) => UserStatus::ResetRequired,
            _ => return Err(wrong()),
        };
        if answer
            .message_action
            .as_deref()
            .is_some_and(|action| action != "SUPPRESS")
        {
            return Err(wrong());
        }
        let attributes: Attributes = answer
            .user_attributes
            .unwrap_or_default()
            .into_iter()
            .filter(|(name, _)| {
                name != "username" && name != "sub" && !name.starts_with("cognito:")
            })
            .collect();
        let (sub, username, attributes) = checked_identity(
            &pool.settings,
            typed.to_string(),
            attributes,
            AttributeWrite::AdminCreate,
        )
        .map_err(|_| wrong())?;
        // A reset's user gets a password nobody knows until the reset sets one.
        let password = match password {
            Some(password) => password.to_string(),
            None => tokens::new_refresh_token(),
        };
        let user = self
            .new_user(pool, sub, username, status, attributes, Some(&password))
            .await?;
        match self.store.insert_user(&user).await {
            Ok(()) => {}
            // Another user has the name or its alias: the old system's user stays there.
            Err(StoreError::Conflict) => {
                return Err(PoolError::AliasExists(AliasTaken::Attribute(
                    "email".into(),
                )));
            }
            Err(error) => return Err(error.into()),
        }
        tracing::info!(sub = %user.sub, source, "user migrated by the user migration trigger");
        Ok(Some(user))
    }
}
