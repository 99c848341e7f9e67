-- A value waiting for its code (Cognito's AttributesRequireVerificationBeforeUpdate): the new
-- email an attribute-verification code was sent to; it replaces the old one only when the
-- code comes back, and dies with the code.
ALTER TABLE codes ADD COLUMN pending_value TEXT;
