# Cognate's hosted pages, in English. Every message here must be in every language's
# file too (a test checks). Variables: { $provider }, { $count }, { $name }.

## The frame
nav-label = Main
nav-sign-in = Sign in
nav-docs = Docs
nav-demo = Demo
nav-account = Your account ({ $name })
nav-sign-out = Sign out
footer = Cognate — a self-hosted user pool with the shape of Amazon Cognito.
language-label = Language

## Sign in
sign-in-title = Sign in
sign-in-submit = Sign in
username-or-email-label = Username or email
password-label = Password
forgot-password-link = Forgot your password?
need-account = Need an account?
sign-up-link = Sign up
passwordless-heading = Or sign in without your password
continue-with = Continue with { $provider }
corporate-email-label = Corporate email
corporate-sign-in = Sign in with your corporate ID
notice-confirmed = Your account is confirmed. Sign in to continue.
notice-awaiting = Your account is created. An administrator will confirm it before you can sign in.
notice-reset = Your password has been reset. Sign in with the new one.
notice-signed-out = You are signed out.
notice-deleted = Your account is deleted.

## Passkeys and emailed codes
passkey-sign-in = Sign in with a passkey
passkey-needs-javascript = Signing in with a passkey needs JavaScript. Turn it on, or sign in with your password or an emailed code.
passkey-unsupported = This browser cannot use passkeys. Sign in with your password or an emailed code.
passkey-cancelled = No passkey was used. Try again, or sign in another way.
code-username-label = Username or email for a sign-in code
email-me-a-code = Email me a code
passkey-offer-page-title = Add a passkey
passkey-offer-title = Sign in faster with a passkey
passkey-offer-intro = A passkey lets you sign in with your fingerprint, face or screen lock instead of your password. It cannot be phished or reused elsewhere.
not-now = Not now
passkey-add = Add a passkey
passkey-not-made = No passkey was made. Try again.
passkey-add-needs-javascript = Adding a passkey needs JavaScript. Turn it on to add one.
passkey-cannot-make = This browser cannot make passkeys.

## Sign up
sign-up-page-title = Sign up
sign-up-title = Create an account
username-label = Username
email-label = Email
sign-up-submit = Sign up
have-account = Already have an account?
sign-in-link = Sign in
terms-before = By signing up, you agree to the
terms-of-use = Terms of use
terms-and = and the
privacy-policy = Privacy policy
terms-after = .

## The password checklist
rule-length = At least { $count } characters
rule-lowercase = A lowercase letter
rule-uppercase = An uppercase letter
rule-number = A number
rule-symbol = A symbol, such as ! @ # or $
rule-met = met
rule-not-met = not met

## Confirm
confirm-title = Confirm your account
notice-code-sent = We emailed you a 6-digit code. Enter it to confirm your account.
notice-code-resent = We sent a new code. Codes sent before it no longer work.
confirmation-code-label = Confirmation code
confirm-submit = Confirm
did-not-get-it = Didn't get it?
send-new-code = Send a new code
enter-confirmation-code = Enter your confirmation code

## Forgot and reset
forgot-page-title = Forgot your password
forgot-title = Reset your password
forgot-intro = Enter your username or email. If we find your account, we'll email you a code.
send-reset-code = Send a reset code
back-to-sign-in = Back to sign in
reset-title = Set a new password
notice-reset-code-sent = If an account matches, we emailed it a 6-digit code. Enter it with a new password.
reset-code-label = Reset code
new-password-label = New password
set-password = Set password

## A temporary password
new-password-title = Choose a new password
notice-temporary = Your password is temporary. Choose a new one to finish signing in.
set-password-sign-in = Set password and sign in

## An app's sign-in
continue-page-title = Signing in
continue-title = Signing you in
one-moment = One moment…

## Errors the page itself shows
error-missing-field = Please fill in every field of the form.
error-unavailable = Something went wrong on our side. Please try again.
