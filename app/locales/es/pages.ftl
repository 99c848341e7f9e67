# Cognate's hosted pages: español.

## The frame
nav-label = Principal
nav-sign-in = Iniciar sesión
nav-docs = Documentación
nav-demo = Demostración
nav-account = Tu cuenta ({ $name })
nav-sign-out = Cerrar sesión
footer = Cognate: un grupo de usuarios autoalojado con la forma de Amazon Cognito.
language-label = Idioma

## Sign in
sign-in-title = Iniciar sesión
sign-in-submit = Iniciar sesión
username-or-email-label = Nombre de usuario o correo electrónico
password-label = Contraseña
forgot-password-link = ¿Olvidaste tu contraseña?
need-account = ¿No tienes cuenta?
sign-up-link = Regístrate
passwordless-heading = O inicia sesión sin contraseña
continue-with = Continuar con { $provider }
corporate-email-label = Correo electrónico corporativo
corporate-sign-in = Iniciar sesión con tu ID corporativo
notice-confirmed = Tu cuenta está confirmada. Inicia sesión para continuar.
notice-awaiting = Tu cuenta se ha creado. Un administrador la confirmará antes de que puedas iniciar sesión.
notice-reset = Tu contraseña se ha restablecido. Inicia sesión con la nueva.
notice-signed-out = Has cerrado la sesión.
notice-deleted = Tu cuenta se ha eliminado.

## Passkeys and emailed codes
passkey-sign-in = Iniciar sesión con una llave de acceso
passkey-needs-javascript = Iniciar sesión con una llave de acceso requiere JavaScript. Actívalo o inicia sesión con tu contraseña o con un código enviado por correo.
passkey-unsupported = Este navegador no puede usar llaves de acceso. Inicia sesión con tu contraseña o con un código enviado por correo.
passkey-cancelled = No se usó ninguna llave de acceso. Vuelve a intentarlo o inicia sesión de otra forma.
code-username-label = Nombre de usuario o correo para un código de acceso
email-me-a-code = Envíame un código por correo
passkey-offer-page-title = Añadir una llave de acceso
passkey-offer-title = Inicia sesión más rápido con una llave de acceso
passkey-offer-intro = Una llave de acceso te permite iniciar sesión con tu huella, tu cara o el bloqueo de pantalla en lugar de tu contraseña. No se puede robar con phishing ni reutilizar en otro sitio.
not-now = Ahora no
passkey-add = Añadir una llave de acceso
passkey-not-made = No se creó ninguna llave de acceso. Vuelve a intentarlo.
passkey-add-needs-javascript = Añadir una llave de acceso requiere JavaScript. Actívalo para añadir una.
passkey-cannot-make = Este navegador no puede crear llaves de acceso.

## Sign up
sign-up-page-title = Registrarse
sign-up-title = Crear una cuenta
username-label = Nombre de usuario
email-label = Correo electrónico
sign-up-submit = Registrarse
have-account = ¿Ya tienes una cuenta?
sign-in-link = Inicia sesión
terms-before = Al registrarte, aceptas los
terms-of-use = Términos de uso
terms-and = y la
privacy-policy = Política de privacidad
terms-after = .

## The password checklist
rule-length = Al menos { $count } caracteres
rule-lowercase = Una letra minúscula
rule-uppercase = Una letra mayúscula
rule-number = Un número
rule-symbol = Un símbolo, como ! @ # o $
rule-met = cumplido
rule-not-met = no cumplido

## Confirm
confirm-title = Confirma tu cuenta
notice-code-sent = Te enviamos un código de 6 dígitos. Introdúcelo para confirmar tu cuenta.
notice-code-resent = Te enviamos un código nuevo. Los códigos anteriores ya no sirven.
confirmation-code-label = Código de confirmación
confirm-submit = Confirmar
did-not-get-it = ¿No lo recibiste?
send-new-code = Enviar un código nuevo
enter-confirmation-code = Introduce tu código de confirmación

## Forgot and reset
forgot-page-title = ¿Olvidaste tu contraseña?
forgot-title = Restablece tu contraseña
forgot-intro = Introduce tu nombre de usuario o correo. Si encontramos tu cuenta, te enviaremos un código.
send-reset-code = Enviar un código de restablecimiento
back-to-sign-in = Volver a iniciar sesión
reset-title = Establece una contraseña nueva
notice-reset-code-sent = Si hay una cuenta que coincide, le enviamos un código de 6 dígitos. Introdúcelo con una contraseña nueva.
reset-code-label = Código de restablecimiento
new-password-label = Contraseña nueva
set-password = Establecer contraseña

## A temporary password
new-password-title = Elige una contraseña nueva
notice-temporary = Tu contraseña es temporal. Elige una nueva para terminar de iniciar sesión.
set-password-sign-in = Establecer contraseña e iniciar sesión

## An app's sign-in
continue-page-title = Iniciando sesión
continue-title = Iniciando tu sesión
one-moment = Un momento…

## Errors the page itself shows
error-missing-field = Rellena todos los campos del formulario.
error-unavailable = Algo salió mal por nuestra parte. Vuelve a intentarlo.
