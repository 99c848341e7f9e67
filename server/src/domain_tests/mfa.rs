use crate::clock::Clock;
use crate::pool::CodeFor;
use crate::pool::invalid::{Invalid, MfaFault};
use crate::pool::{EmailMfa, MfaFactor, MfaMode, MfaSettings, PoolError, totp};
use crate::pool::{FactorPreference, MfaPreference};
use crate::testkit::Kit;
use crate::testkit::refused_as;

const ON: Option<FactorPreference> = Some(FactorPreference {
    enabled: true,
    preferred: true,
});
const OFF: Option<FactorPreference> = Some(FactorPreference {
    enabled: false,
    preferred: false,
});

async fn kit_with_mfa() -> (Kit, String) {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    kit.pool
        .set_mfa_config(
            kit.pool_id(),
            MfaSettings {
                mode: MfaMode::Optional,
                software_token: true,
                email: Some(EmailMfa::default()),
            },
        )
        .await
        .unwrap();
    (kit, signed_in.tokens.access_token)
}

#[tokio::test]
async fn an_authenticator_counts_once_a_first_code_proves_it() {
    let (kit, access) = kit_with_mfa().await;
    let preference = MfaPreference {
        software_token: ON,
        email: None,
    };
    refused_as(
        kit.pool.set_mfa_preference(&access, preference).await,
        PoolError::InvalidParameter(Invalid::Mfa(MfaFault::SoftwareTokenUnverified)),
    );
    let secret = kit.pool.associate_software_token(&access).await.unwrap();
    let now = kit.clock.now();
    let code = totp::code_at(&secret, now).unwrap();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    refused_as(
        kit.pool.verify_software_token(&access, wrong, None).await,
        PoolError::CodeMismatch(CodeFor::SoftwareTokenSetup),
    );
    kit.pool
        .verify_software_token(&access, &code, Some("Phone"))
        .await
        .unwrap();
    kit.pool
        .set_mfa_preference(&access, preference)
        .await
        .unwrap();
    let user = kit.pool.authenticate(&access).await.unwrap().1;
    let mfa = kit.pool.user_mfa(&user).await.unwrap();
    assert_eq!(mfa.enabled(), vec![MfaFactor::SoftwareToken]);
    assert_eq!(mfa.preferred, Some(MfaFactor::SoftwareToken));
    assert_eq!(mfa.totp_device.as_deref(), Some("Phone"));
    assert!(
        !format!("{mfa:?}").contains(&secret),
        "the secret is never in debug output"
    );

    // Email too; then the app off: the preference follows.
    let both = MfaPreference {
        software_token: None,
        email: Some(FactorPreference {
            enabled: true,
            preferred: false,
        }),
    };
    kit.pool.set_mfa_preference(&access, both).await.unwrap();
    let off = MfaPreference {
        software_token: OFF,
        email: None,
    };
    kit.pool.set_mfa_preference(&access, off).await.unwrap();
    let mfa = kit.pool.user_mfa(&user).await.unwrap();
    assert_eq!(mfa.enabled(), vec![MfaFactor::Email]);
    assert_eq!(mfa.preferred, None);
    assert_eq!(mfa.totp_secret, None);
}

#[tokio::test]
async fn wrong_authenticator_codes_share_the_users_allowance() {
    let (kit, access) = kit_with_mfa().await;
    let secret = kit.pool.associate_software_token(&access).await.unwrap();
    let code = totp::code_at(&secret, kit.clock.now()).unwrap();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for _ in 0..10 {
        refused_as(
            kit.pool.verify_software_token(&access, wrong, None).await,
            PoolError::CodeMismatch(CodeFor::SoftwareTokenSetup),
        );
    }
    refused_as(
        kit.pool.verify_software_token(&access, &code, None).await,
        PoolError::LimitExceeded,
    );
}

#[tokio::test]
async fn a_pool_without_a_factor_refuses_it() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let access = signed_in.tokens.access_token;
    refused_as(
        kit.pool.associate_software_token(&access).await,
        PoolError::InvalidParameter(Invalid::Mfa(MfaFault::SoftwareTokenOff)),
    );
    let email = MfaPreference {
        software_token: None,
        email: ON,
    };
    refused_as(
        kit.pool.set_mfa_preference(&access, email).await,
        PoolError::InvalidParameter(Invalid::Mfa(MfaFault::EmailOff)),
    );
    refused_as(
        kit.pool
            .admin_set_mfa_preference(kit.pool_id(), "jane", email)
            .await,
        PoolError::InvalidParameter(Invalid::Mfa(MfaFault::EmailOff)),
    );
}
