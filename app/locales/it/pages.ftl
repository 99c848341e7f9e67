# Cognate's hosted pages: italiano.

## The frame
nav-label = Principale
nav-sign-in = Accedi
nav-docs = Documentazione
nav-demo = Demo
nav-account = Il tuo account ({ $name })
nav-sign-out = Esci
footer = Cognate — un pool di utenti self-hosted con la forma di Amazon Cognito.
language-label = Lingua

## Sign in
sign-in-title = Accedi
sign-in-submit = Accedi
username-or-email-label = Nome utente o e-mail
password-label = Password
forgot-password-link = Password dimenticata?
need-account = Non hai un account?
sign-up-link = Registrati
passwordless-heading = Oppure accedi senza password
continue-with = Continua con { $provider }
corporate-email-label = E-mail aziendale
corporate-sign-in = Accedi con il tuo ID aziendale
notice-confirmed = Il tuo account è confermato. Accedi per continuare.
notice-awaiting = Il tuo account è stato creato. Un amministratore lo confermerà prima che tu possa accedere.
notice-reset = La tua password è stata reimpostata. Accedi con quella nuova.
notice-signed-out = Sei uscito.
notice-deleted = Il tuo account è stato eliminato.

## Passkeys and emailed codes
passkey-sign-in = Accedi con una passkey
passkey-needs-javascript = L'accesso con una passkey richiede JavaScript. Attivalo, oppure accedi con la password o con un codice inviato per e-mail.
passkey-unsupported = Questo browser non può usare le passkey. Accedi con la password o con un codice inviato per e-mail.
passkey-cancelled = Non è stata usata nessuna passkey. Riprova, oppure accedi in un altro modo.
code-username-label = Nome utente o e-mail per un codice di accesso
email-me-a-code = Inviami un codice per e-mail
passkey-offer-page-title = Aggiungi una passkey
passkey-offer-title = Accedi più velocemente con una passkey
passkey-offer-intro = Una passkey ti permette di accedere con l'impronta, il volto o il blocco schermo invece della password. Non può essere rubata con il phishing né riutilizzata altrove.
not-now = Non ora
passkey-add = Aggiungi una passkey
passkey-not-made = Non è stata creata nessuna passkey. Riprova.
passkey-add-needs-javascript = Per aggiungere una passkey serve JavaScript. Attivalo per aggiungerne una.
passkey-cannot-make = Questo browser non può creare passkey.

## Sign up
sign-up-page-title = Registrati
sign-up-title = Crea un account
username-label = Nome utente
email-label = E-mail
sign-up-submit = Registrati
have-account = Hai già un account?
sign-in-link = Accedi
terms-before = Registrandoti accetti i
terms-of-use = Termini di utilizzo
terms-and = e l'
privacy-policy = Informativa sulla privacy
terms-after = .

## The password checklist
rule-length = Almeno { $count } caratteri
rule-lowercase = Una lettera minuscola
rule-uppercase = Una lettera maiuscola
rule-number = Un numero
rule-symbol = Un simbolo, come ! @ # o $
rule-met = soddisfatto
rule-not-met = non soddisfatto

## Confirm
confirm-title = Conferma il tuo account
notice-code-sent = Ti abbiamo inviato un codice di 6 cifre. Inseriscilo per confermare il tuo account.
notice-code-resent = Ti abbiamo inviato un nuovo codice. I codici precedenti non valgono più.
confirmation-code-label = Codice di conferma
confirm-submit = Conferma
did-not-get-it = Non l'hai ricevuto?
send-new-code = Invia un nuovo codice
enter-confirmation-code = Inserisci il codice di conferma

## Forgot and reset
forgot-page-title = Password dimenticata
forgot-title = Reimposta la password
forgot-intro = Inserisci il nome utente o l'e-mail. Se troviamo il tuo account, ti invieremo un codice.
send-reset-code = Invia un codice di reimpostazione
back-to-sign-in = Torna all'accesso
reset-title = Imposta una nuova password
notice-reset-code-sent = Se un account corrisponde, gli abbiamo inviato un codice di 6 cifre. Inseriscilo con una nuova password.
reset-code-label = Codice di reimpostazione
new-password-label = Nuova password
set-password = Imposta la password

## A temporary password
new-password-title = Scegli una nuova password
notice-temporary = La tua password è temporanea. Scegline una nuova per completare l'accesso.
set-password-sign-in = Imposta la password e accedi

## An app's sign-in
continue-page-title = Accesso in corso
continue-title = Accesso in corso
one-moment = Un momento…

## Errors the page itself shows
error-missing-field = Compila tutti i campi del modulo.
error-unavailable = Qualcosa è andato storto da parte nostra. Riprova.
