use super::*;
use crate::pool::{MappingRule, MatchType};

fn login(claims: Value) -> Login {
    Login {
        provider: "example.com/local_abc".into(),
        subject: "s".into(),
        client_id: "client".into(),
        claims: claims.as_object().cloned().unwrap_or_default(),
    }
}

fn pool(mapping: Option<RoleMapping>) -> IdentityPool {
    let mut pool = IdentityPool {
        id: "local:00000000-0000-0000-0000-000000000000".into(),
        name: "p".into(),
        settings: Default::default(),
        created_at: Timestamp(0),
        updated_at: Timestamp(0),
    };
    pool.settings.roles = BTreeMap::from([
        ("authenticated".into(), "arn:aws:iam::role/User".into()),
        ("unauthenticated".into(), "arn:aws:iam::role/Guest".into()),
    ]);
    if let Some(mapping) = mapping {
        pool.settings
            .role_mappings
            .insert("example.com/local_abc:client".into(), mapping);
    }
    pool
}

fn rules(ambiguous: AmbiguousRoleResolution) -> RoleMapping {
    RoleMapping {
        kind: RoleMappingType::Rules,
        ambiguous,
        rules: vec![MappingRule {
            claim: "cognito:groups".into(),
            match_type: MatchType::Equals,
            value: "editors".into(),
            role_arn: "arn:aws:iam::role/Editor".into(),
        }],
    }
}

#[test]
fn the_role_follows_guests_rules_and_tokens() {
    let plain = pool(None);
    assert_eq!(
        role_for(&plain, None, None).unwrap(),
        "arn:aws:iam::role/Guest"
    );
    let user = login(json!({ "cognito:groups": ["readers", "editors"] }));
    assert_eq!(
        role_for(&plain, Some(&user), None).unwrap(),
        "arn:aws:iam::role/User"
    );

    let mapped = pool(Some(rules(AmbiguousRoleResolution::AuthenticatedRole)));
    assert_eq!(
        role_for(&mapped, Some(&user), None).unwrap(),
        "arn:aws:iam::role/Editor",
        "a group member gets the rule's role"
    );
    let other = login(json!({ "cognito:groups": ["readers"] }));
    assert_eq!(
        role_for(&mapped, Some(&other), None).unwrap(),
        "arn:aws:iam::role/User"
    );
    let strict = pool(Some(rules(AmbiguousRoleResolution::Deny)));
    assert!(matches!(
        role_for(&strict, Some(&other), None),
        Err(PoolError::NotAuthorized(_))
    ));

    let token = pool(Some(RoleMapping {
        kind: RoleMappingType::Token,
        ambiguous: AmbiguousRoleResolution::Deny,
        rules: Vec::new(),
    }));
    let member = login(json!({
        "cognito:roles": ["arn:aws:iam::role/A", "arn:aws:iam::role/B"],
        "cognito:preferred_role": "arn:aws:iam::role/A",
    }));
    assert_eq!(
        role_for(&token, Some(&member), None).unwrap(),
        "arn:aws:iam::role/A"
    );
    assert_eq!(
        role_for(&token, Some(&member), Some("arn:aws:iam::role/B")).unwrap(),
        "arn:aws:iam::role/B"
    );
    assert!(role_for(&token, Some(&member), Some("arn:aws:iam::role/Admin")).is_err());
    assert!(role_for(&token, Some(&other), None).is_err());

    let mut unset = pool(None);
    unset.settings.roles.clear();
    assert_eq!(
        role_for(&unset, None, None),
        Err(PoolError::InvalidIdentityPoolConfiguration {
            role: "unauthenticated"
        })
    );
}

#[test]
fn rules_compare_strings_and_lists() {
    let rule = |match_type, value: &str| MappingRule {
        claim: "email".into(),
        match_type,
        value: value.into(),
        role_arn: String::new(),
    };
    let claims = json!({ "email": "ada@example.com" });
    let claims = claims.as_object().unwrap();
    assert!(rule(MatchType::Equals, "ada@example.com").matches(claims));
    assert!(rule(MatchType::Contains, "@example").matches(claims));
    assert!(rule(MatchType::StartsWith, "ada").matches(claims));
    assert!(rule(MatchType::NotEqual, "bob@example.com").matches(claims));
    assert!(!rule(MatchType::NotEqual, "ada@example.com").matches(claims));
    assert!(!rule(MatchType::StartsWith, "example").matches(claims));
}
