//! The token life cycle: a sign-in's family started and its tokens issued, refreshed,
//! revoked and signed out everywhere, and access and ID tokens checked (signature, expiry,
//! revocation, the user still enabled).

use serde_json::{Map, Value};

use super::triggers::{TokenGroups, TokenSource};
use super::*;

impl UserPool {
    /// A sign-in that has proven everything it had to: the post authentication trigger
    /// hears of it (and may still refuse it), then its token family and first tokens.
    pub(super) async fn finish_sign_in(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: User,
        source: TokenSource,
    ) -> Result<SignedIn, PoolError> {
        self.finish_sign_in_on(pool, client, user, source, None)
            .await
    }

    /// As [`finish_sign_in`](Self::finish_sign_in), on the remembered `device` the sign-in
    /// proved (its tokens carry its key, and refreshing them needs it). Without one, a
    /// sign-in through the API in a pool that tracks devices is given a new device's key.
    pub(super) async fn finish_sign_in_on(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: User,
        source: TokenSource,
        device: Option<&str>,
    ) -> Result<SignedIn, PoolError> {
        self.post_authentication(pool, client, &user).await?;
        let now = self.clock.now();
        let mut signed_in = self
            .start_family_with(
                pool,
                client,
                user,
                USER_ADMIN_SCOPE,
                now,
                None,
                source,
                device,
            )
            .await?;
        let through_api = matches!(
            source,
            TokenSource::Authentication | TokenSource::NewPasswordChallenge
        );
        if device.is_none() && through_api {
            signed_in.new_device = self.issue_device(pool, &signed_in.user).await?;
        }
        Ok(signed_in)
    }

    /// A new sign-in (token family) with `scope`, authenticated at `auth_time`; `nonce`
    /// goes into its first ID token (OIDC Core 3.1.3.6).
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn start_family_with(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: User,
        scope: &str,
        auth_time: Timestamp,
        nonce: Option<&str>,
        source: TokenSource,
        device: Option<&str>,
    ) -> Result<SignedIn, PoolError> {
        let now = self.clock.now();
        let refresh_token = tokens::new_refresh_token();
        let family = TokenFamily {
            id: uuid::Uuid::new_v4().to_string(),
            pool_id: client.pool_id.clone(),
            user_sub: user.sub.clone(),
            client_id: client.id.clone(),
            refresh_hash: tokens::secret_hash(&refresh_token),
            scope: scope.to_string(),
            auth_time,
            created_at: now,
            expires_at: Timestamp(now.0 + client.settings.refresh_token_validity),
            revoked_at: None,
            device_key: device.map(str::to_string),
        };
        // The tokens first: a trigger that refuses them leaves no family behind.
        let tokens = self
            .issue(pool, client, &user, &family, nonce, now, source)
            .await?;
        self.store.insert_family(&family).await?;
        tracing::info!(sub = %user.sub, origin_jti = %family.id, "user signed in");
        Ok(SignedIn {
            tokens,
            refresh_token,
            family_id: family.id,
            user,
            saml: None,
            new_device: None,
        })
    }

    /// A refresh, through either door (Cognito's REFRESH_TOKEN_AUTH, the token endpoint's
    /// `refresh_token` grant): new ID and access tokens with the family's `auth_time` and
    /// `origin_jti`; the refresh token itself is kept (Cognito's default). A client secret
    /// given as such (the token endpoint's client authentication) is checked before
    /// anything else; then the client's ExplicitAuthFlows must allow it, as Cognito checks.
    #[tracing::instrument(skip_all)]
    pub async fn refresh(
        &self,
        client_id: &str,
        refresh_token: &str,
        proof: ClientProof<'_>,
    ) -> Result<IssuedTokens, PoolError> {
        self.refresh_on(client_id, refresh_token, proof, None).await
    }

    /// A refresh naming the device it is made on (REFRESH_TOKEN_AUTH's DEVICE_KEY): the
    /// tokens of a sign-in a remembered device proved are refreshed only with that
    /// device's key, and only while the user has not forgotten the device.
    #[tracing::instrument(skip_all)]
    pub async fn refresh_on(
        &self,
        client_id: &str,
        refresh_token: &str,
        proof: ClientProof<'_>,
        device_key: Option<&str>,
    ) -> Result<IssuedTokens, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        if let ClientProof::Secret(_) = proof {
            proof.check(&client, &[])?;
        }
        client.check_flow(AuthFlow::RefreshToken)?;
        let invalid =
            || PoolError::NotAuthorized(Denied::Token(TokenKind::Refresh, TokenFault::Invalid));
        let family = self
            .store
            .find_family_by_refresh(&tokens::secret_hash(refresh_token))
            .await?
            .filter(|family| family.client_id == client.id)
            .ok_or_else(invalid)?;
        let now = self.clock.now();
        if family.revoked_at.is_some() {
            return Err(PoolError::NotAuthorized(Denied::Token(
                TokenKind::Refresh,
                TokenFault::Revoked,
            )));
        }
        if family.expires_at <= now {
            return Err(PoolError::NotAuthorized(Denied::Token(
                TokenKind::Refresh,
                TokenFault::Expired,
            )));
        }
        let user = self.usable_user(&family.user_sub).await?;
        if let Some(bound) = &family.device_key {
            let still_known = self.store.get_device(&user.sub, bound).await?.is_some();
            if device_key != Some(bound.as_str()) || !still_known {
                return Err(PoolError::NotAuthorized(Denied::DeviceKeyMismatch));
            }
        }
        // Cognito computes a refresh's SECRET_HASH over the username or, in pools where
        // the email is the username, the `sub`: either is accepted.
        proof.check(&client, &[&user.username, user.sub.as_str()])?;
        self.issue(
            &pool,
            &client,
            &user,
            &family,
            None,
            now,
            TokenSource::RefreshTokens,
        )
        .await
    }

    /// Revocation, through either door (Cognito's RevokeToken, the `/oauth2/revoke`
    /// endpoint of RFC 7009): ends the refresh token's family; an unknown token is not an
    /// error, one issued to another client is refused.
    #[tracing::instrument(skip_all)]
    pub async fn revoke_refresh_token(
        &self,
        client_id: &str,
        refresh_token: &str,
        proof: ClientProof<'_>,
    ) -> Result<(), PoolError> {
        let (_pool, client) = self.client(client_id).await?;
        proof.check(&client, &[])?;
        let family = self
            .store
            .find_family_by_refresh(&tokens::secret_hash(refresh_token))
            .await?;
        match family {
            Some(family) if family.client_id != client.id => {
                Err(PoolError::NotAuthorized(Denied::RefreshTokenOtherClient))
            }
            Some(family) => {
                self.store
                    .revoke_family(&family.id, self.clock.now())
                    .await?;
                tracing::info!(origin_jti = %family.id, "refresh token revoked");
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Cognito GlobalSignOut: revokes every token family of the access token's user.
    #[tracing::instrument(skip_all)]
    pub async fn global_sign_out(&self, access_token: &str) -> Result<(), PoolError> {
        let (_, user) = self.authenticate(access_token).await?;
        self.store
            .revoke_user_families(&user.sub, self.clock.now())
            .await?;
        tracing::info!(sub = %user.sub, "user signed out everywhere");
        Ok(())
    }

    /// Verifies an access token offline (signature, issuer, use, expiry) and checks that
    /// its family was not revoked: what Cognate's own endpoints accept.
    pub async fn authorize(&self, access_token: &str) -> Result<AccessClaims, PoolError> {
        let invalid =
            || PoolError::NotAuthorized(Denied::Token(TokenKind::Access, TokenFault::Invalid));
        let now = self.clock.now();
        let (pool, claims) = match self.verified.get(access_token) {
            Some(seen) => seen,
            None => {
                let claims = self.verify_access_token(access_token, now).await?;
                self.verified.insert(access_token, &claims.0, &claims.1);
                claims
            }
        };
        if claims.exp <= now.0 {
            return Err(PoolError::NotAuthorized(Denied::Token(
                TokenKind::Access,
                TokenFault::Expired,
            )));
        }
        let Some(origin_jti) = &claims.origin_jti else {
            // A client's own token (client_credentials): good while the client exists.
            let client = ClientId::parse(&claims.client_id).ok_or_else(invalid)?;
            return match self.store.get_client(&client).await? {
                Some(client) if client.id.as_str() == claims.sub && client.pool_id == pool => {
                    Ok(claims)
                }
                _ => Err(invalid()),
            };
        };
        let family = self.store.get_family(origin_jti).await?;
        match family {
            Some(family) if family.revoked_at.is_none() => Ok(claims),
            _ => Err(PoolError::NotAuthorized(Denied::Token(
                TokenKind::Access,
                TokenFault::Revoked,
            ))),
        }
    }

    /// The signature, issuer, use and expiry of an access token not seen before.
    async fn verify_access_token(
        &self,
        access_token: &str,
        now: Timestamp,
    ) -> Result<(PoolId, AccessClaims), PoolError> {
        let invalid =
            || PoolError::NotAuthorized(Denied::Token(TokenKind::Access, TokenFault::Invalid));
        let (pool, claims) = self
            .verify_token(access_token, |keys, issuer| {
                tokens::verify_access(keys, issuer, access_token, now)
            })
            .await?
            .ok_or_else(invalid)?;
        let claims = claims.map_err(|error| match error {
            TokenError::Expired => {
                PoolError::NotAuthorized(Denied::Token(TokenKind::Access, TokenFault::Expired))
            }
            _ => invalid(),
        })?;
        Ok((pool, claims))
    }

    /// Verifies `token` with the keys of the pool its issuer names; `None` for a token of
    /// no pool here.
    pub(super) async fn verify_token<T>(
        &self,
        token: &str,
        verify: impl Fn(&PoolKeys, &str) -> Result<T, TokenError>,
    ) -> Result<Option<(PoolId, Result<T, TokenError>)>, PoolError> {
        let Some(pool) = tokens::unverified_pool(token, &self.public_url) else {
            return Ok(None);
        };
        // Keys already loaded need no store read: a deleted pool's tokens still fail
        // in `authorize`, since its families and clients went with it. Otherwise the pool
        // must exist before its keys are loaded (or made).
        let keys = match self.keys.cached(&pool) {
            Some(keys) => keys,
            None if self.store.get_pool(&pool).await?.is_some() => self.pool_keys(&pool).await?,
            None => return Ok(None),
        };
        let issuer = self.issuer(&pool);
        let verified = match verify(&keys, &issuer) {
            // Another replica may have added a key since this one cached the pool's.
            Err(TokenError::UnknownKey) => {
                let keys = self.keys.reload(&pool).await.map_err(PoolError::internal)?;
                verify(&keys, &issuer)
            }
            other => other,
        };
        Ok(Some((pool, verified)))
    }

    /// An ID token's claims once its signature, issuer, use and expiry are checked: what
    /// an app shows of its signed-in user.
    pub async fn id_token_claims(&self, id_token: &str) -> Result<Map<String, Value>, PoolError> {
        let invalid =
            || PoolError::NotAuthorized(Denied::Token(TokenKind::Id, TokenFault::Invalid));
        let now = self.clock.now();
        let (_pool, claims) = self
            .verify_token(id_token, |keys, issuer| {
                tokens::verify_id(keys, issuer, id_token, now)
            })
            .await?
            .ok_or_else(invalid)?;
        claims.map_err(|error| match error {
            TokenError::Expired => {
                PoolError::NotAuthorized(Denied::Token(TokenKind::Id, TokenFault::Expired))
            }
            _ => invalid(),
        })
    }

    /// The token's user, for Cognito's self-service operations (GetUser, ChangePassword,
    /// UpdateUserAttributes, DeleteUser…): as Cognito, the token must hold
    /// `aws.cognito.signin.user.admin`, which an OAuth app gets only when it asks for it.
    pub async fn authenticate(
        &self,
        access_token: &str,
    ) -> Result<(AccessClaims, User), PoolError> {
        let (claims, user) = self.token_user(access_token).await?;
        if !oauth::has_scope(&claims.scope, USER_ADMIN_SCOPE) {
            return Err(PoolError::NotAuthorized(Denied::MissingScope));
        }
        Ok((claims, user))
    }

    /// [`authorize`](Self::authorize), then the token's user, who must still be enabled.
    pub(super) async fn token_user(
        &self,
        access_token: &str,
    ) -> Result<(AccessClaims, User), PoolError> {
        let claims = self.authorize(access_token).await?;
        let sub = Sub::parse(&claims.sub).ok_or({
            PoolError::NotAuthorized(Denied::Token(TokenKind::Access, TokenFault::Invalid))
        })?;
        let user = self.usable_user(&sub).await?;
        Ok((claims, user))
    }

    /// Signs ID and access tokens for the family's sign-in, with the user's groups, as the
    /// pool's pre token generation trigger (if any) changes them.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn issue(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: &User,
        family: &TokenFamily,
        nonce: Option<&str>,
        now: Timestamp,
        source: TokenSource,
    ) -> Result<IssuedTokens, PoolError> {
        let keys = self.pool_keys(&client.pool_id).await?;
        let issuer = self.issuer(&client.pool_id);
        let groups = self.store.groups_of(&user.sub).await?;
        let roles: Vec<String> = groups
            .iter()
            .filter_map(|group| group.role_arn.clone())
            .collect();
        // Cognito's preferred role: the lowest precedence's; groups without one come last.
        let preferred_role = groups
            .iter()
            .filter(|group| group.role_arn.is_some())
            .min_by_key(|group| (group.precedence.is_none(), group.precedence))
            .and_then(|group| group.role_arn.clone());
        let groups: Vec<String> = groups.into_iter().map(|group| group.name).collect();
        let overrides = self
            .pre_token_generation(
                pool,
                client,
                Some(user),
                source,
                TokenGroups {
                    groups: &groups,
                    roles: &roles,
                    preferred_role: preferred_role.as_deref(),
                },
                &family.scope,
            )
            .await?;
        let grant = Grant {
            issuer: &issuer,
            client,
            user,
            groups: &groups,
            roles: &roles,
            preferred_role: preferred_role.as_deref(),
            origin_jti: &family.id,
            scope: &family.scope,
            auth_time: family.auth_time,
            nonce,
            now,
            overrides: overrides.as_ref(),
            device_key: family.device_key.as_deref(),
        };
        tokens::issue(&keys.current, &grant).map_err(PoolError::internal)
    }
}
