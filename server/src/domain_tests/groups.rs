use crate::pool::PoolError;
use crate::pool::{Missing, UnknownUser};
use crate::testkit::Kit;
use crate::testkit::refused_as;

#[tokio::test]
async fn members_tokens_carry_their_groups_by_precedence() {
    let kit = Kit::with_user("jane").await;
    let pool = kit.pool_id();
    kit.pool
        .create_group(pool, "readers", None, Some(5), None)
        .await
        .unwrap();
    kit.pool
        .create_group(pool, "admins", Some("Admins".into()), Some(1), None)
        .await
        .unwrap();
    refused_as(
        kit.pool
            .create_group(pool, "admins", None, None, None)
            .await,
        PoolError::GroupExists {
            group: "admins".into(),
        },
    );
    for group in ["readers", "admins"] {
        kit.pool
            .set_membership(pool, "jane", group, true)
            .await
            .unwrap();
    }
    let groups: Vec<String> = kit
        .pool
        .groups_for_user(pool, "jane")
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(groups, ["admins", "readers"]);
    let token = kit.signed_in("jane").await.tokens.access_token;
    let claims = kit.pool.authorize(&token).await.unwrap();
    assert_eq!(claims.groups.unwrap(), ["admins", "readers"]);

    kit.pool
        .set_membership(pool, "jane", "readers", false)
        .await
        .unwrap();
    assert!(
        kit.pool
            .users_in_group(pool, "readers")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        kit.pool.users_in_group(pool, "admins").await.unwrap().len(),
        1
    );
    assert_eq!(
        kit.pool.group(pool, "admins").await.unwrap().precedence,
        Some(1)
    );
    kit.pool.delete_group(pool, "admins").await.unwrap();
    assert_eq!(kit.pool.list_groups(pool).await.unwrap().len(), 1);
    refused_as(
        kit.pool.group(pool, "admins").await,
        PoolError::ResourceNotFound(Missing::Group),
    );
    refused_as(
        kit.pool
            .set_membership(pool, "nobody", "readers", true)
            .await,
        PoolError::UserNotFound(UnknownUser::User),
    );
}
