# Cognate's hosted pages: português (Brasil).

## The frame
nav-label = Principal
nav-sign-in = Entrar
nav-docs = Documentação
nav-demo = Demonstração
nav-account = Sua conta ({ $name })
nav-sign-out = Sair
footer = Cognate — um grupo de usuários auto-hospedado com o formato do Amazon Cognito.
language-label = Idioma

## Sign in
sign-in-title = Entrar
sign-in-submit = Entrar
username-or-email-label = Nome de usuário ou e-mail
password-label = Senha
forgot-password-link = Esqueceu a senha?
need-account = Não tem uma conta?
sign-up-link = Cadastre-se
passwordless-heading = Ou entre sem a sua senha
continue-with = Continuar com { $provider }
corporate-email-label = E-mail corporativo
corporate-sign-in = Entrar com seu ID corporativo
notice-confirmed = Sua conta está confirmada. Entre para continuar.
notice-awaiting = Sua conta foi criada. Um administrador vai confirmá-la antes que você possa entrar.
notice-reset = Sua senha foi redefinida. Entre com a nova senha.
notice-signed-out = Você saiu.
notice-deleted = Sua conta foi excluída.

## Passkeys and emailed codes
passkey-sign-in = Entrar com uma chave de acesso
passkey-needs-javascript = Entrar com uma chave de acesso requer JavaScript. Ative-o ou entre com sua senha ou com um código enviado por e-mail.
passkey-unsupported = Este navegador não pode usar chaves de acesso. Entre com sua senha ou com um código enviado por e-mail.
passkey-cancelled = Nenhuma chave de acesso foi usada. Tente de novo ou entre de outra forma.
code-username-label = Nome de usuário ou e-mail para um código de acesso
email-me-a-code = Enviar um código por e-mail
passkey-offer-page-title = Adicionar uma chave de acesso
passkey-offer-title = Entre mais rápido com uma chave de acesso
passkey-offer-intro = Uma chave de acesso permite entrar com sua digital, seu rosto ou o bloqueio de tela em vez da senha. Ela não pode ser roubada por phishing nem reutilizada em outro lugar.
not-now = Agora não
passkey-add = Adicionar uma chave de acesso
passkey-not-made = Nenhuma chave de acesso foi criada. Tente de novo.
passkey-add-needs-javascript = Adicionar uma chave de acesso requer JavaScript. Ative-o para adicionar uma.
passkey-cannot-make = Este navegador não pode criar chaves de acesso.

## Sign up
sign-up-page-title = Cadastro
sign-up-title = Criar uma conta
username-label = Nome de usuário
email-label = E-mail
sign-up-submit = Cadastrar
have-account = Já tem uma conta?
sign-in-link = Entre
terms-before = Ao se cadastrar, você concorda com os
terms-of-use = Termos de uso
terms-and = e a
privacy-policy = Política de privacidade
terms-after = .

## The password checklist
rule-length = Pelo menos { $count } caracteres
rule-lowercase = Uma letra minúscula
rule-uppercase = Uma letra maiúscula
rule-number = Um número
rule-symbol = Um símbolo, como ! @ # ou $
rule-met = atendido
rule-not-met = não atendido

## Confirm
confirm-title = Confirme sua conta
notice-code-sent = Enviamos um código de 6 dígitos para você. Digite-o para confirmar sua conta.
notice-code-resent = Enviamos um novo código. Os códigos anteriores não valem mais.
confirmation-code-label = Código de confirmação
confirm-submit = Confirmar
did-not-get-it = Não recebeu?
send-new-code = Enviar um novo código
enter-confirmation-code = Digite seu código de confirmação

## Forgot and reset
forgot-page-title = Esqueceu a senha
forgot-title = Redefina sua senha
forgot-intro = Digite seu nome de usuário ou e-mail. Se encontrarmos sua conta, enviaremos um código.
send-reset-code = Enviar um código de redefinição
back-to-sign-in = Voltar para entrar
reset-title = Defina uma nova senha
notice-reset-code-sent = Se houver uma conta correspondente, enviamos a ela um código de 6 dígitos. Digite-o com uma nova senha.
reset-code-label = Código de redefinição
new-password-label = Nova senha
set-password = Definir senha

## A temporary password
new-password-title = Escolha uma nova senha
notice-temporary = Sua senha é temporária. Escolha uma nova para terminar de entrar.
set-password-sign-in = Definir senha e entrar

## An app's sign-in
continue-page-title = Entrando
continue-title = Fazendo seu login
one-moment = Um momento…

## Errors the page itself shows
error-missing-field = Preencha todos os campos do formulário.
error-unavailable = Algo deu errado do nosso lado. Tente de novo.
