//! Threat protection at work (Cognito's advanced security): a new password checked against
//! breached-password corpora, a sign-in's account takeover risk weighed and acted on as the
//! risk configuration says (`AUDIT` only records), the auth event that records it all, and
//! the notice emailed to the user with its "this was me / was not me" links.

use super::*;
use crate::pool::risk_score::{self, History};
use crate::pool::seen;
use crate::pool::{
    AccountTakeover, AuthEvent, ChallengeStep, CompromisedCredentials, EventContext, EventKind,
    EventPage, EventResponse, EventRisk, LevelAction, NotifyEmail, RiskAction, RiskDecision,
    RiskEvent, RiskLevel, RiskSettings, SecurityMode,
};

/// The recent events a sign-in's score is compared with.
const HISTORY: u32 = 50;
/// How long a sign-in waiting for its second factor keeps its event open.
const OPEN_EVENT_SECONDS: i64 = 600;
/// Notices one user is sent in an hour, at most: a thief with the password cannot flood
/// the owner's mailbox by signing in again and again.
const NOTICES_PER_HOUR: i64 = 3;

/// Threat protection as it applies to a request: the mode, and the configuration (the
/// client's own, else the pool's, else Cognito's defaults).
#[derive(Clone, Debug)]
pub(super) struct Protection {
    pub mode: SecurityMode,
    pub settings: RiskSettings,
}

impl Protection {
    fn enforced(&self) -> bool {
        self.mode == SecurityMode::Enforced
    }

    fn compromised(&self) -> CompromisedCredentials {
        self.settings
            .compromised
            .clone()
            .unwrap_or_else(|| CompromisedCredentials {
                event_filter: Vec::new(),
                action: RiskAction::Block,
            })
    }

    /// Whether the compromised-credentials check looks at `event`.
    fn checks(&self, event: RiskEvent) -> bool {
        let filter = self.compromised().event_filter;
        filter.is_empty() || filter.contains(&event)
    }

    fn takeover(&self) -> AccountTakeover {
        self.settings
            .account_takeover
            .clone()
            .unwrap_or(AccountTakeover {
                notify: None,
                low: None,
                medium: Some(LevelAction {
                    notify: false,
                    action: RiskAction::MfaIfConfigured,
                }),
                high: Some(LevelAction {
                    notify: false,
                    action: RiskAction::MfaRequired,
                }),
            })
    }

    fn level_action(&self, level: RiskLevel) -> LevelAction {
        let takeover = self.takeover();
        let configured = match level {
            RiskLevel::Low => takeover.low,
            RiskLevel::Medium => takeover.medium,
            RiskLevel::High => takeover.high,
        };
        configured.unwrap_or(LevelAction {
            notify: false,
            action: RiskAction::NoAction,
        })
    }
}

/// What a sign-in's assessment calls for (in `ENFORCED` mode; `AUDIT` always allows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Act {
    Allow,
    /// A second factor: where the user has none, `required` blocks, otherwise allows.
    Mfa {
        required: bool,
    },
    Block,
    /// The password is breached: the user must reset it (Cognito sets RESET_REQUIRED).
    ResetPassword,
}

/// A sign-in's assessment: its event (not yet stored), and what to do.
#[derive(Debug)]
pub(super) struct Verdict {
    pub event: AuthEvent,
    pub act: Act,
    /// The level action, when the configuration asks for a notice.
    notice: Option<RiskAction>,
    notify: Option<crate::pool::NotifyConfiguration>,
}

impl UserPool {
    /// Threat protection for a request through `client` (none: an administrator's), or
    /// `None` where the pool has it off.
    pub(super) async fn protection(
        &self,
        pool: &PoolConfig,
        client: Option<&AppClient>,
    ) -> Result<Option<Protection>, PoolError> {
        let mode = pool.settings.advanced_security.mode;
        if mode == SecurityMode::Off {
            return Ok(None);
        }
        let mut settings = None;
        if let Some(client) = client {
            settings = self
                .store
                .risk_configuration(&pool.id, Some(&client.id))
                .await?;
        }
        if settings.is_none() {
            settings = self.store.risk_configuration(&pool.id, None).await?;
        }
        Ok(Some(Protection {
            mode,
            settings: settings.map(|found| found.settings).unwrap_or_default(),
        }))
    }

    /// Whether `password` is in a breached-password corpus (the built-in one, and the
    /// operator's file where one is configured).
    pub(super) fn is_breached(&self, password: &str) -> bool {
        self.corpora.iter().any(|corpus| corpus.contains(password))
    }

    /// A user's new password (at sign-up, a change, a reset or the new-password step)
    /// through `client`: the pool's policy first (its answer is the same for everyone),
    /// then the breached corpora where threat protection looks at `event` — refused when
    /// it is enforced and blocks; otherwise whether it was found, for the event.
    pub(super) async fn check_new_password(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        password: &str,
        event: RiskEvent,
    ) -> Result<bool, PoolError> {
        check_password(pool, password)?;
        let Some(protection) = self.protection(pool, Some(client)).await? else {
            return Ok(false);
        };
        if !protection.checks(event) || !self.is_breached(password) {
            return Ok(false);
        }
        tracing::info!(event = event.as_str(), "a breached password was offered");
        if protection.enforced() && protection.compromised().action == RiskAction::Block {
            return Err(PoolError::InvalidPassword(PasswordFault::Breached));
        }
        Ok(true)
    }

    /// The current request's context, as an event keeps it: the address an app's back
    /// end names for its user where `client` may name one, else the request's own.
    fn event_context(&self, client: Option<&AppClient>) -> EventContext {
        let mut seen = seen::current();
        if let Some(claimed) = seen.claimed_ip
            && client.is_some_and(|c| c.settings.propagate_user_context && c.secret.is_some())
        {
            seen.ip = Some(claimed);
        }
        let place = match (seen.ip, &self.geo) {
            (Some(ip), Some(geo)) => geo.locate(ip),
            _ => None,
        }
        .unwrap_or_default();
        let agent_family = seen
            .user_agent
            .as_deref()
            .and_then(risk_score::agent_family);
        EventContext {
            ip: seen.ip.map(|ip| ip.to_string()),
            device_name: seen.device_name.or_else(|| agent_family.clone()),
            city: place.city,
            country: place.country,
            timezone: place.timezone,
            location: place.location,
            device: seen.device.map(|device| tokens::secret_hash(&device)),
            agent_family,
        }
    }

    fn new_event(
        &self,
        user: &User,
        client: Option<&AppClient>,
        kind: EventKind,
        response: EventResponse,
    ) -> AuthEvent {
        AuthEvent {
            // Time-ordered, so that events of the same second list in the order they
            // happened.
            id: uuid::Uuid::now_v7().to_string(),
            pool_id: user.pool_id.clone(),
            user_sub: user.sub.clone(),
            kind,
            created_at: self.clock.now(),
            response,
            risk: EventRisk::default(),
            challenges: Vec::new(),
            context: self.event_context(client),
            feedback: None,
            feedback_token_hash: None,
        }
    }

    /// Records an event of `kind` for `user` where the pool has threat protection on. A
    /// store that cannot keep it costs the event, not the user's operation.
    pub(super) async fn record_event(
        &self,
        pool: &PoolConfig,
        client: Option<&AppClient>,
        user: &User,
        kind: EventKind,
        response: EventResponse,
        compromised: bool,
    ) {
        if pool.settings.advanced_security.mode == SecurityMode::Off {
            return;
        }
        let mut event = self.new_event(user, client, kind, response);
        event.risk.compromised = compromised;
        self.keep_event(&event).await;
    }

    /// A password the user changed (or reset, or set at the new-password step).
    pub(super) async fn record_password_change(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: &User,
        compromised: bool,
    ) {
        let (kind, response) = (EventKind::PasswordChange, EventResponse::Pass);
        self.record_event(pool, Some(client), user, kind, response, compromised)
            .await;
    }

    async fn keep_event(&self, event: &AuthEvent) {
        if let Err(error) = self.store.insert_auth_event(event).await {
            tracing::warn!(%error, "an auth event could not be recorded");
        }
    }

    /// A sign-in whose password step failed (a wrong password, a lockout, a trigger's
    /// refusal), for a user who exists.
    pub(super) async fn record_failed_sign_in(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: &User,
    ) {
        if pool.settings.advanced_security.mode == SecurityMode::Off {
            return;
        }
        let mut event = self.new_event(user, Some(client), EventKind::SignIn, EventResponse::Fail);
        event.challenges.push((ChallengeStep::Password, false));
        self.keep_event(&event).await;
    }

    /// Weighs a sign-in whose password was right: the blocked and skipped addresses, the
    /// breached corpora (when the password itself was sent, not an SRP proof), and the
    /// account takeover score. `None` where the pool has threat protection off.
    pub(super) async fn assess_sign_in(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: &User,
        password: Option<&str>,
    ) -> Result<Option<Verdict>, PoolError> {
        let Some(protection) = self.protection(pool, Some(client)).await? else {
            return Ok(None);
        };
        let mut event = self.new_event(
            user,
            Some(client),
            EventKind::SignIn,
            EventResponse::InProgress,
        );
        event.challenges.push((ChallengeStep::Password, true));
        let address = event.context.ip.as_deref().and_then(|ip| ip.parse().ok());
        let exceptions = protection.settings.exceptions.clone().unwrap_or_default();
        let listed = |ranges: &[ipnet::IpNet]| {
            address
                .is_some_and(|ip: std::net::IpAddr| ranges.iter().any(|range| range.contains(&ip)))
        };
        let enforced = protection.enforced();
        let verdict = |event, act| Verdict {
            event,
            act: if enforced { act } else { Act::Allow },
            notice: None,
            notify: None,
        };
        if listed(&exceptions.blocked) {
            event.risk.decision = RiskDecision::Block;
            event.risk.signals.push("blocked address".into());
            return Ok(Some(verdict(event, Act::Block)));
        }
        if listed(&exceptions.skipped) {
            event.risk.signals.push("skipped address".into());
            return Ok(Some(verdict(event, Act::Allow)));
        }
        if let Some(password) = password
            && protection.checks(RiskEvent::SignIn)
            && self.is_breached(password)
        {
            event.risk.compromised = true;
            if protection.compromised().action == RiskAction::Block {
                event.risk.decision = RiskDecision::Block;
                return Ok(Some(verdict(event, Act::ResetPassword)));
            }
        }
        let history = self
            .store
            .list_auth_events(
                &user.sub,
                EventPage {
                    after: None,
                    limit: HISTORY,
                },
            )
            .await?;
        let now = self.clock.now();
        let users_from_address = match &event.context.ip {
            Some(ip) => {
                let hour_ago = Timestamp(now.0 - 3600);
                let others = self
                    .store
                    .users_from_address(&pool.id, ip, hour_ago)
                    .await?;
                let known = history.iter().any(|past| {
                    past.context.ip.as_ref() == Some(ip) && past.created_at >= hour_ago
                });
                others + i64::from(!known)
            }
            None => 0,
        };
        let score = risk_score::score(
            &event.context,
            &History {
                events: &history,
                users_from_address,
                now,
            },
        );
        event.risk.score = score.points;
        event.risk.signals = score.signals.clone();
        let Some(level) = score.level() else {
            return Ok(Some(verdict(event, Act::Allow)));
        };
        event.risk.level = Some(level);
        event.risk.decision = RiskDecision::AccountTakeover;
        let action = protection.level_action(level);
        let act = match action.action {
            RiskAction::Block => Act::Block,
            RiskAction::MfaIfConfigured => Act::Mfa { required: false },
            RiskAction::MfaRequired => Act::Mfa { required: true },
            RiskAction::NoAction => Act::Allow,
        };
        if enforced && act == Act::Block {
            event.risk.decision = RiskDecision::Block;
        }
        let mut found = verdict(event, act);
        if action.notify && enforced {
            found.notice = Some(action.action);
            found.notify = protection.takeover().notify;
        }
        Ok(Some(found))
    }

    /// Keeps a sign-in's event as it ended (or stands), and sends its notice if one is
    /// due.
    pub(super) async fn settle(
        &self,
        pool: &PoolConfig,
        user: &User,
        mut verdict: Verdict,
        response: EventResponse,
    ) {
        verdict.event.response = response;
        if let (Some(action), Some(notify)) = (verdict.notice, verdict.notify.take()) {
            self.send_notice(pool, user, &mut verdict.event, action, &notify)
                .await;
        }
        tracing::info!(
            level = verdict.event.risk.level.map(RiskLevel::as_str),
            decision = verdict.event.risk.decision.as_str(),
            response = response.as_str(),
            "sign-in risk assessed"
        );
        self.keep_event(&verdict.event).await;
    }

    /// The user's sign-in that waits for a later step (a second factor, `step`; a device's
    /// proof, no step of Cognito's) ends, right or not.
    pub(super) async fn close_sign_in_event(
        &self,
        pool: &PoolConfig,
        user: &User,
        step: Option<ChallengeStep>,
        passed: bool,
    ) {
        if pool.settings.advanced_security.mode == SecurityMode::Off {
            return;
        }
        let recent = self
            .store
            .list_auth_events(
                &user.sub,
                EventPage {
                    after: None,
                    limit: 5,
                },
            )
            .await;
        let since = self.clock.now().0 - OPEN_EVENT_SECONDS;
        let open = recent.ok().and_then(|events| {
            events.into_iter().find(|event| {
                event.kind == EventKind::SignIn
                    && event.response == EventResponse::InProgress
                    && event.created_at.0 >= since
            })
        });
        let Some(mut event) = open else {
            return;
        };
        if let Some(step) = step {
            event.challenges.push((step, passed));
        }
        event.response = if passed {
            EventResponse::Pass
        } else {
            EventResponse::Fail
        };
        if let Err(error) = self.store.update_auth_event(&event).await {
            tracing::warn!(%error, "an auth event could not be closed");
        }
    }

    /// Emails the user about a risky sign-in, with one-use links to say whether it was
    /// them; at most a few an hour per user.
    async fn send_notice(
        &self,
        pool: &PoolConfig,
        user: &User,
        event: &mut AuthEvent,
        action: RiskAction,
        notify: &crate::pool::NotifyConfiguration,
    ) {
        let Some(email) = user.attributes.get("email").cloned() else {
            return;
        };
        let key = format!("notice\0{}", user.sub);
        match self.store.count_attempt(&key, self.clock.now(), 3600).await {
            Ok(counter) if counter.count > NOTICES_PER_HOUR => {
                tracing::info!("risk notice not sent: the user's hourly allowance is used");
                return;
            }
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(%error, "risk notice not sent: the count failed");
                return;
            }
        }
        let token = tokens::new_refresh_token();
        event.feedback_token_hash = Some(tokens::secret_hash(&token));
        let link = |value: &str| {
            url::Url::parse_with_params(
                &self.pages.feedback,
                [
                    ("pool_id", pool.id.as_str()),
                    ("username", user.username.as_str()),
                    ("event_id", event.id.as_str()),
                    ("feedback_token", token.as_str()),
                    ("feedback_value", value),
                ],
            )
            .map(String::from)
            .unwrap_or_default()
        };
        let template = match action {
            RiskAction::Block => notify.block_email.clone(),
            RiskAction::MfaIfConfigured | RiskAction::MfaRequired => notify.mfa_email.clone(),
            RiskAction::NoAction => notify.no_action_email.clone(),
        }
        .unwrap_or_else(|| default_notice(action));
        let when = chrono::DateTime::from_timestamp(event.created_at.0, 0)
            .map(|at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_default();
        let context = &event.context;
        let fill = |text: &str| {
            text.replace("{username}", &user.username)
                .replace("{ip-address}", context.ip.as_deref().unwrap_or("unknown"))
                .replace("{city}", context.city.as_deref().unwrap_or("unknown"))
                .replace("{country}", context.country.as_deref().unwrap_or("unknown"))
                .replace("{login-time}", &when)
                .replace(
                    "{device-name}",
                    context.device_name.as_deref().unwrap_or("unknown"),
                )
                .replace("{one-click-link-valid}", &link("valid"))
                .replace("{one-click-link-invalid}", &link("invalid"))
        };
        let body = template
            .text_body
            .as_deref()
            .or(template.html_body.as_deref())
            .unwrap_or_default();
        let mut message = Email::new(&email, fill(&template.subject), fill(body));
        message.from = notify.from.clone();
        message.reply_to = notify.reply_to.clone();
        if let Err(error) = self.mailer.send(message).await {
            tracing::warn!(%error, "risk notice not sent");
        }
    }
}

/// Cognate's notice where the configuration gives no template of its own.
fn default_notice(action: RiskAction) -> NotifyEmail {
    let (subject, done) = match action {
        RiskAction::Block => (
            "Blocked sign-in attempt",
            "We blocked a sign-in to your account that did not look like you.",
        ),
        RiskAction::MfaIfConfigured | RiskAction::MfaRequired => (
            "New sign-in activity",
            "We asked for your second factor at a sign-in to your account that did not \
             look like you.",
        ),
        RiskAction::NoAction => (
            "New sign-in activity",
            "Someone signed in to your account from a device or place we had not seen.",
        ),
    };
    NotifyEmail {
        subject: subject.into(),
        html_body: None,
        text_body: Some(format!(
            "Hello {{username}},\n\n{done}\n\nWhen: {{login-time}}\nAddress: {{ip-address}} \
             ({{city}}, {{country}})\nDevice: {{device-name}}\n\nIf this was you: \
             {{one-click-link-valid}}\nIf this was not you: {{one-click-link-invalid}} \
             (then change your password).\n"
        )),
    }
}
