# Cognate's hosted pages: Deutsch.

## The frame
nav-label = Hauptmenü
nav-sign-in = Anmelden
nav-docs = Dokumentation
nav-demo = Demo
nav-account = Ihr Konto ({ $name })
nav-sign-out = Abmelden
footer = Cognate — ein selbst betriebener Benutzerpool in der Form von Amazon Cognito.
language-label = Sprache

## Sign in
sign-in-title = Anmelden
sign-in-submit = Anmelden
username-or-email-label = Benutzername oder E-Mail
password-label = Passwort
forgot-password-link = Passwort vergessen?
need-account = Noch kein Konto?
sign-up-link = Registrieren
passwordless-heading = Oder ohne Passwort anmelden
continue-with = Weiter mit { $provider }
corporate-email-label = Geschäftliche E-Mail
corporate-sign-in = Mit Ihrer Firmen-ID anmelden
notice-confirmed = Ihr Konto ist bestätigt. Melden Sie sich an, um fortzufahren.
notice-awaiting = Ihr Konto wurde erstellt. Ein Administrator bestätigt es, bevor Sie sich anmelden können.
notice-reset = Ihr Passwort wurde zurückgesetzt. Melden Sie sich mit dem neuen an.
notice-signed-out = Sie sind abgemeldet.
notice-deleted = Ihr Konto wurde gelöscht.

## Passkeys and emailed codes
passkey-sign-in = Mit einem Passkey anmelden
passkey-needs-javascript = Die Anmeldung mit einem Passkey benötigt JavaScript. Schalten Sie es ein, oder melden Sie sich mit Ihrem Passwort oder einem per E-Mail gesendeten Code an.
passkey-unsupported = Dieser Browser kann keine Passkeys verwenden. Melden Sie sich mit Ihrem Passwort oder einem per E-Mail gesendeten Code an.
passkey-cancelled = Es wurde kein Passkey verwendet. Versuchen Sie es erneut oder melden Sie sich anders an.
code-username-label = Benutzername oder E-Mail für einen Anmeldecode
email-me-a-code = Code per E-Mail senden
passkey-offer-page-title = Passkey hinzufügen
passkey-offer-title = Schneller anmelden mit einem Passkey
passkey-offer-intro = Mit einem Passkey melden Sie sich per Fingerabdruck, Gesicht oder Bildschirmsperre statt mit Ihrem Passwort an. Er kann weder abgefischt noch anderswo wiederverwendet werden.
not-now = Jetzt nicht
passkey-add = Passkey hinzufügen
passkey-not-made = Es wurde kein Passkey erstellt. Versuchen Sie es erneut.
passkey-add-needs-javascript = Zum Hinzufügen eines Passkeys wird JavaScript benötigt. Schalten Sie es ein.
passkey-cannot-make = Dieser Browser kann keine Passkeys erstellen.

## Sign up
sign-up-page-title = Registrieren
sign-up-title = Konto erstellen
username-label = Benutzername
email-label = E-Mail
sign-up-submit = Registrieren
have-account = Sie haben schon ein Konto?
sign-in-link = Anmelden
terms-before = Mit der Registrierung stimmen Sie zu:
terms-of-use = Nutzungsbedingungen
terms-and = und
privacy-policy = Datenschutzerklärung
terms-after = .

## The password checklist
rule-length = Mindestens { $count } Zeichen
rule-lowercase = Ein Kleinbuchstabe
rule-uppercase = Ein Großbuchstabe
rule-number = Eine Ziffer
rule-symbol = Ein Sonderzeichen, etwa ! @ # oder $
rule-met = erfüllt
rule-not-met = nicht erfüllt

## Confirm
confirm-title = Konto bestätigen
notice-code-sent = Wir haben Ihnen einen 6-stelligen Code gesendet. Geben Sie ihn ein, um Ihr Konto zu bestätigen.
notice-code-resent = Wir haben einen neuen Code gesendet. Frühere Codes gelten nicht mehr.
confirmation-code-label = Bestätigungscode
confirm-submit = Bestätigen
did-not-get-it = Nichts erhalten?
send-new-code = Neuen Code senden
enter-confirmation-code = Bestätigungscode eingeben

## Forgot and reset
forgot-page-title = Passwort vergessen
forgot-title = Passwort zurücksetzen
forgot-intro = Geben Sie Ihren Benutzernamen oder Ihre E-Mail ein. Wenn wir Ihr Konto finden, senden wir Ihnen einen Code.
send-reset-code = Code zum Zurücksetzen senden
back-to-sign-in = Zurück zur Anmeldung
reset-title = Neues Passwort festlegen
notice-reset-code-sent = Falls ein Konto passt, haben wir ihm einen 6-stelligen Code gesendet. Geben Sie ihn mit einem neuen Passwort ein.
reset-code-label = Code zum Zurücksetzen
new-password-label = Neues Passwort
set-password = Passwort festlegen

## A temporary password
new-password-title = Neues Passwort wählen
notice-temporary = Ihr Passwort ist vorläufig. Wählen Sie ein neues, um die Anmeldung abzuschließen.
set-password-sign-in = Passwort festlegen und anmelden

## An app's sign-in
continue-page-title = Anmeldung
continue-title = Sie werden angemeldet
one-moment = Einen Moment…

## Errors the page itself shows
error-missing-field = Bitte füllen Sie jedes Feld des Formulars aus.
error-unavailable = Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es erneut.
