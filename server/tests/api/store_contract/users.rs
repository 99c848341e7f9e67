//! The store contract for users: found by folded username, verified email or phone,
//! listed by every ListUsers filter a page at a time, and inserted in batches.

use super::*;

on_both_stores! {
    keeps_users: users_are_found_by_folded_username_or_verified_email;
    finds_users_by_phone: users_are_found_by_a_phone_number_that_signs_in;
    lists_users_by_filter: filters_find_exactly_the_matching_users_a_page_at_a_time;
    inserts_users_in_batches: a_batch_of_users_is_stored_whole_or_not_at_all;
}

async fn users_are_found_by_folded_username_or_verified_email(store: &dyn Store, _: &Notes) {
    let (pool, _) = pool_with_client(store).await;
    let jane = new_user(&pool, "Jane", "Jane@Example.com", true);
    let joe = new_user(&pool, "joe", "joe@example.com", false);
    store.insert_user(&jane).await.unwrap();
    store.insert_user(&joe).await.unwrap();

    assert_eq!(
        store.find_user(&pool.id, "jane").await.unwrap(),
        Some(jane.clone())
    );
    assert_eq!(
        store.find_user(&pool.id, "jane@example.com").await.unwrap(),
        Some(jane.clone())
    );
    // An unverified email is no alias.
    assert_eq!(
        store.find_user(&pool.id, "joe@example.com").await.unwrap(),
        None
    );
    assert_eq!(store.get_user(&joe.sub).await.unwrap(), Some(joe.clone()));
    assert_eq!(store.count_users(&pool.id).await.unwrap(), 2);
    assert_eq!(
        store.count_users(&PoolId::generate("local")).await.unwrap(),
        0
    );
    // Another pool's users are not found.
    assert_eq!(
        store
            .find_user(&PoolId::generate("local"), "jane")
            .await
            .unwrap(),
        None
    );

    let twin = new_user(&pool, "JANE", "other@example.com", false);
    assert!(matches!(
        store.insert_user(&twin).await,
        Err(StoreError::Conflict)
    ));

    // Joe verifying Jane's email would make one alias name two users.
    let mut joe_claims = joe.clone();
    joe_claims
        .attributes
        .insert("email".into(), "jane@example.com".into());
    joe_claims.verify_email();
    assert!(matches!(
        store.update_user(&joe_claims).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get_user(&joe.sub).await.unwrap(), Some(joe.clone()));

    let mut confirmed = joe.clone();
    confirmed.status = UserStatus::Confirmed;
    confirmed.verify_email();
    confirmed.updated_at = Timestamp(30);
    store.update_user(&confirmed).await.unwrap();
    assert_eq!(
        store.find_user(&pool.id, "joe@example.com").await.unwrap(),
        Some(confirmed)
    );
}

/// Usernames of the pool's users `filter` finds, a page of `limit` at a time.
async fn listed(store: &dyn Store, pool: &PoolId, filter: &str, limit: u32) -> Vec<String> {
    let filter = UserFilter::parse(filter).unwrap();
    let mut names = Vec::new();
    let mut after = String::new();
    loop {
        let page = store
            .list_users(
                pool,
                filter.as_ref(),
                UserPage {
                    after: &after,
                    limit,
                },
            )
            .await
            .unwrap();
        let Some(last) = page.last() else {
            return names;
        };
        after = last.username_key();
        names.extend(page.iter().map(|user| user.username.clone()));
    }
}

async fn filters_find_exactly_the_matching_users_a_page_at_a_time(store: &dyn Store, _: &Notes) {
    let (pool, _) = pool_with_client(store).await;
    let (other_pool, _) = pool_with_client(store).await;
    // Values around every edge of a prefix: equal to it, just past it, past it by a
    // character above ASCII, by U+10FFFF.
    let people = [
        ("ann", "jan@example.com", "Jan", UserStatus::Confirmed, true),
        (
            "bob",
            "jane@example.com",
            "Jäger",
            UserStatus::Unconfirmed,
            true,
        ),
        (
            "cid",
            "jao@example.com",
            "Ja\u{10FFFF}",
            UserStatus::Confirmed,
            false,
        ),
        (
            "dee",
            "jb@example.com",
            "Jb",
            UserStatus::ResetRequired,
            true,
        ),
        (
            "Jan",
            "zed@example.com",
            "日本",
            UserStatus::Confirmed,
            true,
        ),
        (
            "jane",
            "ja@example.com",
            "日本語",
            UserStatus::Confirmed,
            false,
        ),
    ];
    let mut subs = Vec::new();
    for (name, email, family_name, status, enabled) in people {
        let mut user = new_user(&pool, name, email, true);
        user.status = status;
        user.enabled = enabled;
        user.attributes
            .insert("family_name".into(), family_name.into());
        store.insert_user(&user).await.unwrap();
        subs.push(user.sub);
        // The same user in another pool is never listed.
        let mut twin = new_user(&other_pool, name, email, true);
        twin.attributes
            .insert("family_name".into(), family_name.into());
        store.insert_user(&twin).await.unwrap();
    }
    let everyone = ["ann", "bob", "cid", "dee", "Jan", "jane"];
    let cases: &[(&str, &[&str])] = &[
        ("", &everyone),
        ("username = \"JAN\"", &["Jan"]),
        ("username ^= \"ja\"", &["Jan", "jane"]),
        ("email = \"jane@example.com\"", &["bob"]),
        ("email ^= \"ja\"", &["ann", "bob", "cid", "jane"]),
        ("email ^= \"jan\"", &["ann", "bob"]),
        ("email ^= \"\"", &everyone),
        ("family_name ^= \"Ja\"", &["ann", "cid"]),
        ("family_name ^= \"Jä\"", &["bob"]),
        ("family_name ^= \"Ja\u{10FFFF}\"", &["cid"]),
        ("family_name ^= \"日本\"", &["Jan", "jane"]),
        ("family_name = \"日本\"", &["Jan"]),
        ("family_name ^= \"Jb\"", &["dee"]),
        ("given_name ^= \"J\"", &[]),
        (
            "cognito:user_status = \"CONFIRMED\"",
            &["ann", "cid", "Jan", "jane"],
        ),
        ("cognito:user_status ^= \"RESET\"", &["dee"]),
        ("status = \"Disabled\"", &["cid", "jane"]),
        ("status ^= \"En\"", &["ann", "bob", "dee", "Jan"]),
        ("status ^= \"\"", &everyone),
        ("status = \"enabled\"", &[]),
    ];
    for (filter, expected) in cases {
        for limit in [1, 2, 60] {
            assert_eq!(
                listed(store, &pool.id, filter, limit).await,
                *expected,
                "{filter}, {limit} a page"
            );
        }
    }
    let sub = subs[2].as_str();
    let by_sub = format!("sub = \"{sub}\"");
    assert_eq!(listed(store, &pool.id, &by_sub, 60).await, ["cid"]);
    let by_sub_prefix = format!("sub ^= \"{}\"", &sub[..sub.len() - 1]);
    assert_eq!(listed(store, &pool.id, &by_sub_prefix, 60).await, ["cid"]);
}

async fn a_batch_of_users_is_stored_whole_or_not_at_all(store: &dyn Store, _: &Notes) {
    let (pool, _) = pool_with_client(store).await;
    let named = |prefix: &str, n: usize, verified: bool| {
        let name = format!("{prefix}{n:04}");
        new_user(&pool, &name, &format!("{name}@example.com"), verified)
    };
    // More than one statement's worth, so the batch spans several inserts.
    let batch: Vec<User> = (0..2_500).map(|n| named("user", n, true)).collect();
    store.insert_users(&batch).await.unwrap();
    assert_eq!(store.count_users(&pool.id).await.unwrap(), 2_500);
    assert_eq!(
        store
            .find_user(&pool.id, "user2499@example.com")
            .await
            .unwrap(),
        Some(batch[2_499].clone())
    );
    // One taken name, at the end of a later batch: none of that batch is kept.
    let mut second: Vec<User> = (0..1_500).map(|n| named("more", n, false)).collect();
    second.push(new_user(&pool, "USER0007", "other@example.com", false));
    assert!(matches!(
        store.insert_users(&second).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.count_users(&pool.id).await.unwrap(), 2_500);
    assert_eq!(store.find_user(&pool.id, "more0000").await.unwrap(), None);
}

async fn users_are_found_by_a_phone_number_that_signs_in(store: &dyn Store, _: &Notes) {
    let (pool, _client) = pool_with_client(store).await;
    let with_phone = |name: &str, verified: bool| {
        let mut user = new_user(&pool, name, &format!("{name}@example.com"), false);
        user.phone_sign_in = SignInRule::WhenVerified;
        user.attributes
            .insert("phone_number".into(), "+15555550100".into());
        user.attributes
            .insert("phone_number_verified".into(), verified.to_string());
        user
    };
    let bob = with_phone("bob", true);
    store.insert_user(&bob).await.unwrap();
    let found = store.find_user(&pool.id, "+15555550100").await.unwrap();
    assert_eq!(found.map(|u| u.sub), Some(bob.sub.clone()));
    // Another user's verified number is taken; unverified, it signs no one in.
    assert!(matches!(
        store.insert_user(&with_phone("carl", true)).await,
        Err(StoreError::Conflict)
    ));
    let carl = with_phone("carl", false);
    store.insert_user(&carl).await.unwrap();
    let mut unverified = bob.clone();
    unverified
        .attributes
        .insert("phone_number_verified".into(), "false".into());
    store.update_user(&unverified).await.unwrap();
    assert_eq!(
        store.find_user(&pool.id, "+15555550100").await.unwrap(),
        None
    );
    assert_eq!(
        store
            .get_user(&bob.sub)
            .await
            .unwrap()
            .map(|u| u.phone_sign_in),
        Some(SignInRule::WhenVerified)
    );
}
