//! Multi-factor authentication through the Cognito API, driven by the official AWS SDK.

use aws_sdk_cognitoidentityprovider::types::{
    EmailMfaConfigType, SmsMfaConfigType, SoftwareTokenMfaConfigType, UserPoolMfaType,
};

use crate::cognito_admin::{admin, code};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_pools_mfa_configuration_is_set_read_back_and_checked() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.to_string();

    // Off, as every pool starts.
    let read = admin
        .get_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::Off));

    let set = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .email_mfa_configuration(
            EmailMfaConfigType::builder()
                .message("Your sign-in code is {####}")
                .subject("Sign-in code")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(set.mfa_configuration(), Some(&UserPoolMfaType::Optional));
    let read = admin
        .get_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::Optional));
    assert!(read.software_token_mfa_configuration().unwrap().enabled());
    let email = read.email_mfa_configuration().unwrap();
    assert_eq!(email.message(), Some("Your sign-in code is {####}"));
    assert_eq!(email.subject(), Some("Sign-in code"));
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool().unwrap().mfa_configuration(),
        Some(&UserPoolMfaType::Optional)
    );

    // UpdateUserPool names the mode; the factors stay.
    admin
        .update_user_pool()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .unwrap();
    let read = admin
        .get_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::On));
    assert!(read.software_token_mfa_configuration().unwrap().enabled());

    // Refused, and nothing changes: SMS, MFA on without a factor, a message without {####}.
    let sms = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::On)
        .sms_mfa_configuration(
            SmsMfaConfigType::builder()
                .sms_authentication_message("{####}")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&sms), "InvalidParameterException");
    assert!(format!("{sms:?}").contains("SMS"));
    let no_factor = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&no_factor), "InvalidParameterException");
    let no_placeholder = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .email_mfa_configuration(
            EmailMfaConfigType::builder()
                .message("no code here")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&no_placeholder), "InvalidParameterException");
    let read = admin
        .get_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::On));

    // Off again; an unknown pool is not found.
    admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Off)
        .send()
        .await
        .unwrap();
    let missing = admin
        .get_user_pool_mfa_config()
        .user_pool_id("local_aaaaaaaaa")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&missing), "ResourceNotFoundException");
}
