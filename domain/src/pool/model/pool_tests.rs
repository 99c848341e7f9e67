//! The pool settings' own checks (`pool.rs`).
use super::*;

#[test]
fn mfa_needs_a_factor_and_an_email_message_its_code() {
    let mut mfa = MfaSettings::default();
    assert!(mfa.check().is_ok(), "off needs nothing");
    mfa.mode = MfaMode::On;
    assert!(mfa.check().is_err(), "on without a factor");
    mfa.software_token = true;
    assert!(mfa.check().is_ok());
    mfa.email = Some(EmailMfa {
        message: Some("no code".into()),
        subject: None,
    });
    assert!(mfa.check().is_err(), "a message without {{####}}");
    mfa.email = Some(EmailMfa {
        message: Some("Code: {####}".into()),
        subject: Some("x".repeat(141)),
    });
    assert!(mfa.check().is_err(), "a subject over 140 characters");
    mfa.email = Some(EmailMfa::default());
    mfa.software_token = false;
    assert!(mfa.check().is_ok(), "email alone is a factor");
    for mode in [MfaMode::Off, MfaMode::Optional, MfaMode::On] {
        assert_eq!(MfaMode::parse(mode.as_str()), Some(mode));
    }
    assert_eq!(MfaMode::parse("SMS"), None);
    // Pools stored before MFA existed read back with it off.
    let old: PoolSettings = serde_json::from_str("{}").unwrap();
    assert_eq!(old.mfa, MfaSettings::default());
}

#[test]
fn lambda_config_names_triggers_and_where_they_go() {
    use crate::pool::triggers::Trigger;
    let with = |config: serde_json::Value| PoolSettings {
        lambda_config: config.as_object().unwrap().clone(),
        ..PoolSettings::default()
    };
    let arn = "arn:aws:lambda:eu-west-1:123456789012:function:tokens";
    let settings = with(serde_json::json!({
        "PreSignUp": "https://hooks.example.com/pre-sign-up",
        "PreTokenGeneration": arn,
        "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": arn},
        "InboundFederation": {"LambdaVersion": "V1_0", "LambdaArn": arn},
        "KMSKeyID": "arn:aws:kms:eu-west-1:123456789012:key/abc",
    }));
    assert!(settings.check().is_ok());
    assert_eq!(
        settings.trigger(Trigger::PreSignUp),
        Some("https://hooks.example.com/pre-sign-up")
    );
    assert_eq!(settings.trigger(Trigger::PreTokenGeneration), Some(arn));
    assert_eq!(settings.trigger(Trigger::InboundFederation), Some(arn));
    assert_eq!(settings.trigger(Trigger::PostConfirmation), None);
    assert_eq!(settings.token_trigger_version(), TokenTriggerVersion::V2);
    assert_eq!(
        with(serde_json::json!({})).token_trigger_version(),
        TokenTriggerVersion::V1
    );

    for refused in [
        serde_json::json!({"PreSignUp": "not-an-arn"}),
        serde_json::json!({"PreSignUp": "http://hooks.example.com/plain-http"}),
        serde_json::json!({"NoSuchTrigger": arn}),
        serde_json::json!({"PreTokenGenerationConfig": {"LambdaVersion": "V9_0", "LambdaArn": arn}}),
        serde_json::json!({"InboundFederation": arn}),
        serde_json::json!({"PreTokenGeneration": arn,
            "PreTokenGenerationConfig": {"LambdaVersion": "V1_0",
                "LambdaArn": "arn:aws:lambda:eu-west-1:123456789012:function:other"}}),
    ] {
        assert!(with(refused.clone()).check().is_err(), "{refused}");
    }
}
