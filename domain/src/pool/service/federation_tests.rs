use std::collections::BTreeMap;

use super::*;
use crate::pool::PoolId;

#[test]
fn apple_s_client_secret_is_an_es256_jwt_from_the_team_s_key() {
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
    use base64::Engine;
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        &aws_lc_rs::rand::SystemRandom::new(),
    )
    .unwrap();
    let body = base64::engine::general_purpose::STANDARD.encode(pkcs8.as_ref());
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");
    let details: BTreeMap<String, String> = [
        ("client_id", "com.example.app"),
        ("team_id", "TEAM123456"),
        ("key_id", "KEY1234567"),
        ("private_key", pem.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let provider = IdentityProvider {
        pool_id: PoolId::parse("local_abcdefghi").unwrap(),
        name: "SignInWithApple".into(),
        kind: ProviderKind::SignInWithApple,
        details,
        attribute_mapping: BTreeMap::new(),
        identifiers: vec![],
        created_at: Timestamp(0),
        updated_at: Timestamp(0),
    };
    let Ok(secret) = apple_client_secret(&provider, Timestamp(1_700_000_000)) else {
        panic!("a client secret");
    };
    let header = jsonwebtoken::decode_header(&secret).unwrap();
    assert_eq!(header.alg, Algorithm::ES256);
    assert_eq!(header.kid.as_deref(), Some("KEY1234567"));
    let payload = secret.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["iss"], "TEAM123456");
    assert_eq!(claims["sub"], "com.example.app");
    assert_eq!(claims["aud"], "https://appleid.apple.com");
}
