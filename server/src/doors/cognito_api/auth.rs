//! Signing in through the API: InitiateAuth and AdminInitiateAuth share one flow switch,
//! RespondToAuthChallenge and its Admin twin one answer.

use std::collections::HashMap;

use super::prelude::*;
use super::wire::{factor_named, request};
use crate::pool::{DeviceClaim, FirstChallenge, FirstFactorChoice, Via};

request!(InitiateAuthRequest {
    auth_flow: String,
    client_id: String,
    #[serde(default)] auth_parameters: HashMap<String, String>,
    #[serde(default)] client_metadata: Attributes,
});

pub(super) async fn initiate_auth(pool: &UserPool, request: InitiateAuthRequest) -> Answer {
    start(
        pool,
        Door::App,
        &request.client_id,
        &request.auth_flow,
        &request.auth_parameters,
        &request.client_metadata,
    )
    .await
}

request!(AdminInitiateAuthRequest {
    user_pool_id: String,
    client_id: String,
    auth_flow: String,
    #[serde(default)] auth_parameters: std::collections::HashMap<String, String>,
    #[serde(default)] client_metadata: Attributes,
});

pub(super) async fn admin_initiate_auth(
    pool: &UserPool,
    request: AdminInitiateAuthRequest,
) -> Answer {
    // The client must be one of the named pool's.
    pool.describe_client(&request.user_pool_id, &request.client_id)
        .await?;
    start(
        pool,
        Door::Admin,
        &request.client_id,
        &request.auth_flow,
        &request.auth_parameters,
        &request.client_metadata,
    )
    .await
}

/// The member `name` of AuthParameters or ChallengeResponses, which must be given.
fn required<'a>(members: &'a HashMap<String, String>, name: &str) -> Result<&'a str, ApiError> {
    members
        .get(name)
        .map(String::as_str)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter(format!("Missing required parameter {name}")))
}

/// Who starts a sign-in: an app (InitiateAuth) or an administrator (AdminInitiateAuth).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Door {
    App,
    Admin,
}

/// The one flow switch: which flows each door takes, and what each flow does.
async fn start(
    pool: &UserPool,
    door: Door,
    client_id: &str,
    flow_name: &str,
    parameters: &HashMap<String, String>,
    client_metadata: &Attributes,
) -> Answer {
    let parameter = |name: &str| parameters.get(name).map(String::as_str);
    let required = |name: &str| required(parameters, name);
    let flow = match (AuthFlow::parse(flow_name), door) {
        (Some(AuthFlow::AdminUserPassword), Door::App) => {
            return Err(ApiError::invalid_parameter(format!(
                "{flow_name} is only for AdminInitiateAuth."
            )));
        }
        (Some(AuthFlow::UserPassword) | None, Door::Admin) => {
            return Err(ApiError::invalid_parameter(format!(
                "The auth flow {flow_name} is not supported by AdminInitiateAuth."
            )));
        }
        (None, Door::App) => {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{flow_name}' at 'authFlow' failed to \
                 satisfy constraint: Member must satisfy enum value set"
            )));
        }
        (Some(flow), _) => flow,
    };
    let proof = ClientProof::SecretHash(parameter("SECRET_HASH"));
    match flow {
        AuthFlow::UserPassword | AuthFlow::AdminUserPassword => {
            let username = required("USERNAME")?;
            let password = required("PASSWORD")?;
            let via = Via::Api {
                flow,
                proof,
                client_metadata,
                device_key: parameter("DEVICE_KEY"),
            };
            let step = pool
                .password_sign_in(client_id, username, password, via)
                .await?;
            Ok(auth_answer(step))
        }
        AuthFlow::RefreshToken => {
            let tokens = pool
                .refresh_on(
                    client_id,
                    required("REFRESH_TOKEN")?,
                    proof,
                    parameter("DEVICE_KEY"),
                )
                .await?;
            Ok(json!({
                "AuthenticationResult": AuthenticationResult::new(tokens, None),
                "ChallengeParameters": {},
            }))
        }
        AuthFlow::UserSrp => srp_challenge(pool, client_id, parameters, client_metadata).await,
        AuthFlow::UserAuth => {
            let preferred = match parameter("PREFERRED_CHALLENGE") {
                Some(name) => Some(first_factor_choice(name, parameters)?),
                None => None,
            };
            let step = pool
                .choice_sign_in(
                    client_id,
                    required("USERNAME")?,
                    preferred,
                    proof,
                    client_metadata,
                )
                .await?;
            Ok(auth_answer(step))
        }
        AuthFlow::Custom => {
            // SRP first where the client asks for it (CHALLENGE_NAME=SRP_A with its SRP_A).
            let srp_a = match parameter("CHALLENGE_NAME") {
                Some("SRP_A") => Some(required("SRP_A")?),
                _ => None,
            };
            let step = pool
                .custom_start(
                    client_id,
                    required("USERNAME")?,
                    proof,
                    srp_a,
                    client_metadata,
                )
                .await?;
            Ok(auth_answer(step))
        }
    }
}

/// A first factor named (PREFERRED_CHALLENGE, SELECT_CHALLENGE's ANSWER), with what it
/// needs from `members` at once: the password, or SRP's A.
fn first_factor_choice<'a>(
    name: &str,
    members: &'a HashMap<String, String>,
) -> Result<FirstFactorChoice<'a>, ApiError> {
    Ok(match FirstChallenge::parse(name) {
        Some(FirstChallenge::Password) => {
            FirstFactorChoice::Password(required(members, "PASSWORD")?)
        }
        Some(FirstChallenge::PasswordSrp) => {
            FirstFactorChoice::PasswordSrp(required(members, "SRP_A")?)
        }
        Some(FirstChallenge::WebAuthn) => FirstFactorChoice::WebAuthn,
        Some(FirstChallenge::EmailOtp) => FirstFactorChoice::EmailOtp,
        None => {
            return Err(ApiError::invalid_parameter(format!(
                "{name} is not a first factor (PASSWORD, PASSWORD_SRP, WEB_AUTHN, EMAIL_OTP)."
            )));
        }
    })
}

/// Cognito's challenge names: the sign-in steps as this door calls them.
const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
const NEW_PASSWORD_REQUIRED: &str = "NEW_PASSWORD_REQUIRED";
const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
const EMAIL_OTP: &str = "EMAIL_OTP";
const SELECT_MFA_TYPE: &str = "SELECT_MFA_TYPE";
const MFA_SETUP: &str = "MFA_SETUP";
const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
const DEVICE_SRP_AUTH: &str = "DEVICE_SRP_AUTH";
const DEVICE_PASSWORD_VERIFIER: &str = "DEVICE_PASSWORD_VERIFIER";
const SELECT_CHALLENGE: &str = "SELECT_CHALLENGE";
const WEB_AUTHN: &str = "WEB_AUTHN";
const PASSWORD: &str = "PASSWORD";
const PASSWORD_SRP: &str = "PASSWORD_SRP";

/// A second-factor step's challenge name.
fn step_name(step: &MfaStep) -> &'static str {
    match step {
        MfaStep::SoftwareToken { .. } => SOFTWARE_TOKEN_MFA,
        MfaStep::Email { .. } => EMAIL_OTP,
        MfaStep::Select(_) => SELECT_MFA_TYPE,
        MfaStep::Setup => MFA_SETUP,
    }
}

/// InitiateAuth's answer: tokens, or the challenge to answer next.
pub(super) fn auth_answer(step: SignInStep) -> Value {
    match step {
        SignInStep::Done(signed_in) => {
            let mut result =
                AuthenticationResult::new(signed_in.tokens, Some(signed_in.refresh_token));
            result.new_device_metadata =
                signed_in
                    .new_device
                    .map(|device| super::wire::NewDeviceMetadata {
                        device_key: device.key,
                        device_group_key: device.group_key,
                    });
            json!({
                "AuthenticationResult": result,
                "ChallengeParameters": {},
            })
        }
        SignInStep::SelectChallenge { session, available } => json!({
            "ChallengeName": SELECT_CHALLENGE,
            "Session": session,
            "AvailableChallenges": available.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            "ChallengeParameters": {},
        }),
        SignInStep::Passkey {
            session,
            options,
            username,
        } => json!({
            "ChallengeName": WEB_AUTHN,
            "Session": session,
            "ChallengeParameters": {
                "USERNAME": username,
                "CREDENTIAL_REQUEST_OPTIONS": options.to_string(),
            },
        }),
        SignInStep::SignInCode {
            session,
            delivery,
            username,
        } => json!({
            "ChallengeName": EMAIL_OTP,
            "Session": session,
            "ChallengeParameters": {
                "USERNAME": username,
                "CODE_DELIVERY_DELIVERY_MEDIUM": delivery.medium,
                "CODE_DELIVERY_DESTINATION": delivery.destination,
            },
        }),
        SignInStep::PasswordVerifier { session, challenge } => json!({
            "ChallengeName": PASSWORD_VERIFIER,
            "Session": session,
            "ChallengeParameters": {
                "SALT": challenge.salt,
                "SRP_B": challenge.srp_b,
                "SECRET_BLOCK": challenge.secret_block,
                "USER_ID_FOR_SRP": challenge.user_id,
                "USERNAME": challenge.user_id,
            },
        }),
        SignInStep::Device { session, username } => json!({
            "ChallengeName": DEVICE_SRP_AUTH,
            "Session": session,
            "ChallengeParameters": { "USERNAME": username },
        }),
        SignInStep::NewPasswordRequired { session, user } => {
            let mut attributes = user.attributes.clone();
            attributes.remove("email_verified");
            json!({
                "ChallengeName": NEW_PASSWORD_REQUIRED,
                "Session": session,
                "ChallengeParameters": {
                    "USER_ID_FOR_SRP": user.username,
                    "requiredAttributes": "[]",
                    "userAttributes": serde_json::to_string(&attributes).unwrap_or_default(),
                },
            })
        }
        SignInStep::Mfa {
            step,
            session,
            user,
        } => {
            let parameters = match &step {
                // ChallengeParameters hold strings only: a device without a name is left out.
                MfaStep::SoftwareToken { device } => {
                    let mut parameters = json!({ "USER_ID_FOR_SRP": user.username });
                    if let Some(device) = device {
                        parameters["FRIENDLY_DEVICE_NAME"] = json!(device);
                    }
                    parameters
                }
                MfaStep::Email { delivery } => json!({
                    "USER_ID_FOR_SRP": user.username,
                    "CODE_DELIVERY_DELIVERY_MEDIUM": delivery.medium,
                    "CODE_DELIVERY_DESTINATION": delivery.destination,
                }),
                MfaStep::Select(factors) => {
                    let names: Vec<&str> = factors.iter().copied().map(factor_name).collect();
                    json!({
                        "USER_ID_FOR_SRP": user.username,
                        "MFAS_CAN_CHOOSE": serde_json::to_string(&names).unwrap_or_default(),
                    })
                }
                MfaStep::Setup => json!({
                    "USER_ID_FOR_SRP": user.username,
                    "MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]",
                }),
            };
            json!({
                "ChallengeName": step_name(&step),
                "Session": session,
                "ChallengeParameters": parameters,
            })
        }
        SignInStep::Custom {
            challenge: CustomStep::Challenge(parameters),
            session,
            ..
        } => json!({
            "ChallengeName": CUSTOM_CHALLENGE,
            "Session": session,
            "ChallengeParameters": parameters,
        }),
        SignInStep::Custom {
            challenge: CustomStep::Password(challenge),
            session,
            username,
        } => json!({
            "ChallengeName": PASSWORD_VERIFIER,
            "Session": session,
            "ChallengeParameters": {
                "SALT": challenge.salt,
                "SRP_B": challenge.srp_b,
                "SECRET_BLOCK": challenge.secret_block,
                "USER_ID_FOR_SRP": challenge.user_id,
                "USERNAME": username,
            },
        }),
    }
}

request!(ChallengeRequest {
    pub client_id: String,
    pub challenge_name: String,
    pub session: Option<String>,
    #[serde(default)] pub challenge_responses: HashMap<String, String>,
    #[serde(default)] pub client_metadata: Attributes,
});

pub(super) async fn respond_to_auth_challenge(
    pool: &UserPool,
    request: ChallengeRequest,
) -> Answer {
    answer_challenge(pool, request).await
}

/// USER_SRP_AUTH's first step (InitiateAuth and its Admin twin): the PASSWORD_VERIFIER
/// challenge for the client's `SRP_A`.
pub(super) async fn srp_challenge(
    pool: &UserPool,
    client_id: &str,
    parameters: &HashMap<String, String>,
    client_metadata: &Attributes,
) -> Answer {
    let required = |name: &str| required(parameters, name);
    let challenge = pool
        .srp_start(
            client_id,
            required("USERNAME")?,
            required("SRP_A")?,
            ClientProof::SecretHash(parameters.get("SECRET_HASH").map(String::as_str)),
            client_metadata,
        )
        .await?;
    Ok(json!({
        "ChallengeName": PASSWORD_VERIFIER,
        "ChallengeParameters": {
            "SALT": challenge.salt,
            "SRP_B": challenge.srp_b,
            "SECRET_BLOCK": challenge.secret_block,
            "USER_ID_FOR_SRP": challenge.user_id,
            "USERNAME": challenge.user_id,
        },
    }))
}

/// Answers a challenge (RespondToAuthChallenge and its Admin twin).
pub(super) async fn answer_challenge(pool: &UserPool, request: ChallengeRequest) -> Answer {
    let response = |name: &str| required(&request.challenge_responses, name);
    let optional = |name: &str| {
        request
            .challenge_responses
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    };
    let secret_hash = request
        .challenge_responses
        .get("SECRET_HASH")
        .map(String::as_str);
    let session = || {
        request
            .session
            .as_deref()
            .ok_or_else(|| ApiError::invalid_parameter("Missing required parameter Session"))
    };
    match request.challenge_name.as_str() {
        NEW_PASSWORD_REQUIRED => {
            let username = response("USERNAME")?;
            let new_password = response("NEW_PASSWORD")?;
            let session = session()?;
            let step = pool
                .respond_new_password(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    session,
                    username,
                    new_password,
                )
                .await?;
            Ok(auth_answer(step))
        }
        PASSWORD_VERIFIER => {
            let claim = SrpClaim {
                username: response("USERNAME")?,
                secret_block: response("PASSWORD_CLAIM_SECRET_BLOCK")?,
                signature: response("PASSWORD_CLAIM_SIGNATURE")?,
                timestamp: response("TIMESTAMP")?,
                device_key: optional("DEVICE_KEY"),
            };
            let step = pool
                .srp_verify(
                    &request.client_id,
                    &claim,
                    ClientProof::SecretHash(secret_hash),
                    &request.client_metadata,
                )
                .await?;
            Ok(auth_answer(step))
        }
        CUSTOM_CHALLENGE => {
            let session = session()?;
            let step = pool
                .custom_answer(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    (session, response("USERNAME")?),
                    response("ANSWER")?,
                    &request.client_metadata,
                )
                .await?;
            Ok(auth_answer(step))
        }
        name @ (SELECT_CHALLENGE | PASSWORD | PASSWORD_SRP) => {
            let chosen = match name {
                SELECT_CHALLENGE => response("ANSWER")?,
                other => other,
            };
            let choice = first_factor_choice(chosen, &request.challenge_responses)?;
            let step = pool
                .choose_first_factor(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    (session()?, response("USERNAME")?),
                    choice,
                    &request.client_metadata,
                )
                .await?;
            Ok(auth_answer(step))
        }
        WEB_AUTHN => {
            let step = pool
                .answer_passkey(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    (session()?, response("USERNAME")?),
                    response("CREDENTIAL")?,
                )
                .await?;
            Ok(auth_answer(step))
        }
        // An emailed code: a first factor's (after USER_AUTH) or a second's.
        EMAIL_OTP => {
            let step = pool
                .answer_emailed_code(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    (session()?, response("USERNAME")?),
                    response("EMAIL_OTP_CODE")?,
                )
                .await?;
            Ok(auth_answer(step))
        }
        name @ (SOFTWARE_TOKEN_MFA | SELECT_MFA_TYPE | MFA_SETUP) => {
            let answer = match name {
                SOFTWARE_TOKEN_MFA => {
                    MfaAnswer::SoftwareToken(response("SOFTWARE_TOKEN_MFA_CODE")?)
                }
                SELECT_MFA_TYPE => {
                    let chosen = response("ANSWER")?;
                    MfaAnswer::Select(factor_named(chosen).ok_or_else(|| {
                        ApiError::invalid_parameter(format!(
                            "{chosen} is not one of the user's factors."
                        ))
                    })?)
                }
                _ => MfaAnswer::SetUp,
            };
            let session = session()?;
            let step = pool
                .respond_mfa(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    (session, response("USERNAME")?),
                    answer,
                )
                .await?;
            Ok(auth_answer(step))
        }
        DEVICE_SRP_AUTH => {
            let username = response("USERNAME")?;
            let device_key = response("DEVICE_KEY")?;
            let challenge = pool
                .device_srp_start(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    (username, device_key, response("SRP_A")?),
                    request.session.as_deref(),
                )
                .await?;
            Ok(json!({
                "ChallengeName": DEVICE_PASSWORD_VERIFIER,
                "Session": request.session,
                "ChallengeParameters": {
                    "SALT": challenge.srp.salt,
                    "SRP_B": challenge.srp.srp_b,
                    "SECRET_BLOCK": challenge.srp.secret_block,
                    "USERNAME": challenge.srp.user_id,
                    "DEVICE_KEY": challenge.device_key,
                },
            }))
        }
        DEVICE_PASSWORD_VERIFIER => {
            let claim = DeviceClaim {
                username: response("USERNAME")?,
                device_key: response("DEVICE_KEY")?,
                secret_block: response("PASSWORD_CLAIM_SECRET_BLOCK")?,
                signature: response("PASSWORD_CLAIM_SIGNATURE")?,
                timestamp: response("TIMESTAMP")?,
            };
            let step = pool
                .device_srp_verify(
                    &request.client_id,
                    ClientProof::SecretHash(secret_hash),
                    claim,
                    request.session.as_deref(),
                )
                .await?;
            Ok(auth_answer(step))
        }
        other => Err(ApiError::invalid_parameter(format!(
            "The challenge {other} is not supported."
        ))),
    }
}

request!(AdminChallengeRequest {
    user_pool_id: String,
    #[serde(flatten)]
    challenge: ChallengeRequest,
});

pub(super) async fn admin_respond_to_auth_challenge(
    pool: &UserPool,
    request: AdminChallengeRequest,
) -> Answer {
    pool.describe_client(&request.user_pool_id, &request.challenge.client_id)
        .await?;
    answer_challenge(pool, request.challenge).await
}
