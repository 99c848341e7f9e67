# Cognate's hosted pages: français.

## The frame
nav-label = Principal
nav-sign-in = Se connecter
nav-docs = Documentation
nav-demo = Démo
nav-account = Votre compte ({ $name })
nav-sign-out = Se déconnecter
footer = Cognate — un groupe d'utilisateurs auto-hébergé à la manière d'Amazon Cognito.
language-label = Langue

## Sign in
sign-in-title = Connexion
sign-in-submit = Se connecter
username-or-email-label = Nom d'utilisateur ou e-mail
password-label = Mot de passe
forgot-password-link = Mot de passe oublié ?
need-account = Pas encore de compte ?
sign-up-link = Inscrivez-vous
passwordless-heading = Ou connectez-vous sans mot de passe
continue-with = Continuer avec { $provider }
corporate-email-label = E-mail professionnel
corporate-sign-in = Se connecter avec votre identifiant d'entreprise
notice-confirmed = Votre compte est confirmé. Connectez-vous pour continuer.
notice-awaiting = Votre compte est créé. Un administrateur le confirmera avant que vous puissiez vous connecter.
notice-reset = Votre mot de passe a été réinitialisé. Connectez-vous avec le nouveau.
notice-signed-out = Vous êtes déconnecté.
notice-deleted = Votre compte est supprimé.

## Passkeys and emailed codes
passkey-sign-in = Se connecter avec une clé d'accès
passkey-needs-javascript = La connexion avec une clé d'accès nécessite JavaScript. Activez-le, ou connectez-vous avec votre mot de passe ou un code reçu par e-mail.
passkey-unsupported = Ce navigateur ne peut pas utiliser de clés d'accès. Connectez-vous avec votre mot de passe ou un code reçu par e-mail.
passkey-cancelled = Aucune clé d'accès n'a été utilisée. Réessayez, ou connectez-vous autrement.
code-username-label = Nom d'utilisateur ou e-mail pour un code de connexion
email-me-a-code = M'envoyer un code par e-mail
passkey-offer-page-title = Ajouter une clé d'accès
passkey-offer-title = Connectez-vous plus vite avec une clé d'accès
passkey-offer-intro = Une clé d'accès vous permet de vous connecter avec votre empreinte, votre visage ou le verrouillage de l'écran au lieu de votre mot de passe. Elle ne peut pas être hameçonnée ni réutilisée ailleurs.
not-now = Pas maintenant
passkey-add = Ajouter une clé d'accès
passkey-not-made = Aucune clé d'accès n'a été créée. Réessayez.
passkey-add-needs-javascript = L'ajout d'une clé d'accès nécessite JavaScript. Activez-le pour en ajouter une.
passkey-cannot-make = Ce navigateur ne peut pas créer de clés d'accès.

## Sign up
sign-up-page-title = Inscription
sign-up-title = Créer un compte
username-label = Nom d'utilisateur
email-label = E-mail
sign-up-submit = S'inscrire
have-account = Vous avez déjà un compte ?
sign-in-link = Connectez-vous
terms-before = En vous inscrivant, vous acceptez les
terms-of-use = Conditions d'utilisation
terms-and = et la
privacy-policy = Politique de confidentialité
terms-after = .

## The password checklist
rule-length = Au moins { $count } caractères
rule-lowercase = Une lettre minuscule
rule-uppercase = Une lettre majuscule
rule-number = Un chiffre
rule-symbol = Un symbole, comme ! @ # ou $
rule-met = respectée
rule-not-met = non respectée

## Confirm
confirm-title = Confirmez votre compte
notice-code-sent = Nous vous avons envoyé un code à 6 chiffres. Saisissez-le pour confirmer votre compte.
notice-code-resent = Nous avons envoyé un nouveau code. Les codes précédents ne fonctionnent plus.
confirmation-code-label = Code de confirmation
confirm-submit = Confirmer
did-not-get-it = Rien reçu ?
send-new-code = Envoyer un nouveau code
enter-confirmation-code = Saisissez votre code de confirmation

## Forgot and reset
forgot-page-title = Mot de passe oublié
forgot-title = Réinitialisez votre mot de passe
forgot-intro = Saisissez votre nom d'utilisateur ou votre e-mail. Si nous trouvons votre compte, nous vous enverrons un code.
send-reset-code = Envoyer un code de réinitialisation
back-to-sign-in = Retour à la connexion
reset-title = Choisissez un nouveau mot de passe
notice-reset-code-sent = Si un compte correspond, nous lui avons envoyé un code à 6 chiffres. Saisissez-le avec un nouveau mot de passe.
reset-code-label = Code de réinitialisation
new-password-label = Nouveau mot de passe
set-password = Enregistrer le mot de passe

## A temporary password
new-password-title = Choisissez un nouveau mot de passe
notice-temporary = Votre mot de passe est temporaire. Choisissez-en un nouveau pour terminer la connexion.
set-password-sign-in = Enregistrer et se connecter

## An app's sign-in
continue-page-title = Connexion en cours
continue-title = Connexion en cours
one-moment = Un instant…

## Errors the page itself shows
error-missing-field = Veuillez remplir tous les champs du formulaire.
error-unavailable = Un problème est survenu de notre côté. Veuillez réessayer.
