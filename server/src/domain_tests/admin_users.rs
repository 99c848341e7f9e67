use crate::pool::invalid::{FilterFault, Invalid};
use crate::pool::{Invitation, NewUser, PoolError, SignInStep, UserStatus};
use crate::pool::{NameTaken, UnknownUser};
use crate::testkit::refused_as;
use crate::testkit::{Kit, PASSWORD, denied, weak};

fn invited(username: &str) -> NewUser {
    NewUser {
        username: username.into(),
        attributes: [("email".to_string(), format!("{username}@example.com"))].into(),
        temporary_password: None,
        invitation: Invitation::Send,
        ..Default::default()
    }
}

#[tokio::test]
async fn an_invited_user_gets_a_temporary_password_by_email() {
    let kit = Kit::new().await;
    let user = kit
        .pool
        .admin_create_user(kit.pool_id(), invited("newbie"))
        .await
        .unwrap();
    assert_eq!(user.status, UserStatus::ForceChangePassword);
    let mail = kit.mail.to("newbie@example.com");
    let body = &mail.last().expect("an invitation").body;
    let temporary = body
        .lines()
        .find_map(|line| line.strip_prefix("Your temporary password is "))
        .expect("the temporary password");
    assert!(body.contains("https://id.example/login?username=newbie"));
    let step = kit.sign_in("newbie", temporary).await.unwrap();
    assert!(matches!(step, SignInStep::NewPasswordRequired { .. }));
    refused_as(
        kit.pool
            .admin_create_user(kit.pool_id(), invited("NEWBIE"))
            .await,
        PoolError::UsernameExists(NameTaken::Username),
    );
    // Suppressed: no email.
    kit.pool
        .admin_create_user(
            kit.pool_id(),
            NewUser {
                invitation: Invitation::Suppress,
                ..invited("quiet")
            },
        )
        .await
        .unwrap();
    assert!(kit.mail.to("quiet@example.com").is_empty());
}

#[tokio::test]
async fn an_administrator_confirms_sets_passwords_and_disables() {
    let kit = Kit::new().await;
    let pool = kit.pool_id();
    kit.sign_up("ann").await;
    kit.pool.admin_confirm_sign_up(pool, "ann").await.unwrap();
    denied(kit.pool.admin_confirm_sign_up(pool, "ann").await);
    weak(kit.pool.admin_set_password(pool, "ann", "weak", true).await);
    kit.pool
        .admin_set_password(pool, "ann", "Brand-New-Pass-3", true)
        .await
        .unwrap();
    let step = kit.sign_in("ann", "Brand-New-Pass-3").await;
    assert!(matches!(step, Ok(SignInStep::Done(_))), "{step:?}");

    let signed_in = kit.signed_in_with("ann", "Brand-New-Pass-3").await;
    kit.pool.admin_global_sign_out(pool, "ann").await.unwrap();
    assert!(!kit.accepts(&signed_in.tokens.access_token).await);

    kit.pool
        .admin_set_enabled(pool, "ann", false)
        .await
        .unwrap();
    assert!(!kit.pool.admin_user(pool, "ann").await.unwrap().enabled);
    kit.pool.admin_set_enabled(pool, "ann", true).await.unwrap();
    kit.pool.admin_delete_user(pool, "ann").await.unwrap();
    refused_as(
        kit.pool.admin_user(pool, "ann").await,
        PoolError::UserNotFound(UnknownUser::User),
    );
}

#[tokio::test]
async fn an_administrators_reset_requires_the_emailed_code() {
    let kit = Kit::with_user("jane").await;
    kit.pool
        .admin_reset_password(kit.pool_id(), "jane")
        .await
        .unwrap();
    refused_as(
        kit.sign_in("jane", PASSWORD).await,
        PoolError::PasswordResetRequired,
    );
    let code = kit.last_code("jane@example.com");
    kit.reset("jane", &code, PASSWORD).await.unwrap();
    assert!(kit.sign_in("jane", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn users_are_listed_by_filter_a_page_at_a_time() {
    let kit = Kit::new().await;
    for name in ["amy", "bob", "bea", "cid"] {
        kit.confirmed_user(name).await;
    }
    let (page, next) = kit
        .pool
        .list_users(kit.pool_id(), "username ^= \"b\"", 1, None)
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    let (rest, last) = kit
        .pool
        .list_users(kit.pool_id(), "username ^= \"b\"", 1, next.as_deref())
        .await
        .unwrap();
    let mut names: Vec<_> = page
        .iter()
        .chain(&rest)
        .map(|u| u.username.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["bea", "bob"]);
    assert_eq!(last, None, "two users fill two pages of one");
    refused_as(
        kit.pool
            .list_users(kit.pool_id(), "username ~ \"b\"", 10, None)
            .await,
        PoolError::InvalidParameter(Invalid::Filter(FilterFault::Syntax)),
    );
}
