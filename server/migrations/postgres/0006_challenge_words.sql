-- A waiting sign-in's step is stored in the store's own words, not the Cognito API's
-- challenge names (the domain's `Challenge`; each door names it in its own words). The
-- sign-ins waiting at the upgrade go on.
UPDATE auth_sessions SET challenge = CASE challenge
    WHEN 'PASSWORD_VERIFIER' THEN 'password_verifier'
    WHEN 'NEW_PASSWORD_REQUIRED' THEN 'new_password'
    WHEN 'SOFTWARE_TOKEN_MFA' THEN 'software_token'
    WHEN 'EMAIL_OTP' THEN 'email_code'
    WHEN 'SELECT_MFA_TYPE' THEN 'select_factor'
    WHEN 'MFA_SETUP' THEN 'factor_setup'
    ELSE challenge
END;
