# Cognate's hosted pages: 한국어.

## The frame
nav-label = 주 메뉴
nav-sign-in = 로그인
nav-docs = 문서
nav-demo = 데모
nav-account = 내 계정 ({ $name })
nav-sign-out = 로그아웃
footer = Cognate — Amazon Cognito와 같은 형태의 자체 호스팅 사용자 풀.
language-label = 언어

## Sign in
sign-in-title = 로그인
sign-in-submit = 로그인
username-or-email-label = 사용자 이름 또는 이메일
password-label = 비밀번호
forgot-password-link = 비밀번호를 잊으셨나요?
need-account = 계정이 없으신가요?
sign-up-link = 가입하기
passwordless-heading = 또는 비밀번호 없이 로그인
continue-with = { $provider }(으)로 계속
corporate-email-label = 회사 이메일
corporate-sign-in = 회사 ID로 로그인
notice-confirmed = 계정이 확인되었습니다. 계속하려면 로그인하세요.
notice-awaiting = 계정이 만들어졌습니다. 로그인하려면 먼저 관리자가 계정을 확인해야 합니다.
notice-reset = 비밀번호가 재설정되었습니다. 새 비밀번호로 로그인하세요.
notice-signed-out = 로그아웃되었습니다.
notice-deleted = 계정이 삭제되었습니다.

## Passkeys and emailed codes
passkey-sign-in = 패스키로 로그인
passkey-needs-javascript = 패스키로 로그인하려면 JavaScript가 필요합니다. JavaScript를 켜거나 비밀번호 또는 이메일로 받은 코드로 로그인하세요.
passkey-unsupported = 이 브라우저에서는 패스키를 사용할 수 없습니다. 비밀번호 또는 이메일로 받은 코드로 로그인하세요.
passkey-cancelled = 패스키가 사용되지 않았습니다. 다시 시도하거나 다른 방법으로 로그인하세요.
code-username-label = 로그인 코드를 받을 사용자 이름 또는 이메일
email-me-a-code = 이메일로 코드 받기
passkey-offer-page-title = 패스키 추가
passkey-offer-title = 패스키로 더 빠르게 로그인
passkey-offer-intro = 패스키를 사용하면 비밀번호 대신 지문, 얼굴 또는 화면 잠금으로 로그인할 수 있습니다. 피싱으로 도용되거나 다른 곳에서 재사용될 수 없습니다.
not-now = 나중에
passkey-add = 패스키 추가
passkey-not-made = 패스키가 만들어지지 않았습니다. 다시 시도하세요.
passkey-add-needs-javascript = 패스키를 추가하려면 JavaScript가 필요합니다. JavaScript를 켜고 추가하세요.
passkey-cannot-make = 이 브라우저에서는 패스키를 만들 수 없습니다.

## Sign up
sign-up-page-title = 가입
sign-up-title = 계정 만들기
username-label = 사용자 이름
email-label = 이메일
sign-up-submit = 가입하기
have-account = 이미 계정이 있으신가요?
sign-in-link = 로그인
terms-before = 가입하면 다음에 동의하는 것으로 간주됩니다:
terms-of-use = 이용 약관
terms-and = 및
privacy-policy = 개인정보 처리방침
terms-after = .

## The password checklist
rule-length = { $count }자 이상
rule-lowercase = 소문자 포함
rule-uppercase = 대문자 포함
rule-number = 숫자 포함
rule-symbol = 기호 포함 (예: ! @ # $)
rule-met = 충족
rule-not-met = 미충족

## Confirm
confirm-title = 계정 확인
notice-code-sent = 6자리 코드를 이메일로 보냈습니다. 코드를 입력해 계정을 확인하세요.
notice-code-resent = 새 코드를 보냈습니다. 이전에 보낸 코드는 더 이상 사용할 수 없습니다.
confirmation-code-label = 확인 코드
confirm-submit = 확인
did-not-get-it = 받지 못하셨나요?
send-new-code = 새 코드 보내기
enter-confirmation-code = 확인 코드 입력하기

## Forgot and reset
forgot-page-title = 비밀번호 찾기
forgot-title = 비밀번호 재설정
forgot-intro = 사용자 이름 또는 이메일을 입력하세요. 계정을 찾으면 코드를 이메일로 보내 드립니다.
send-reset-code = 재설정 코드 보내기
back-to-sign-in = 로그인으로 돌아가기
reset-title = 새 비밀번호 설정
notice-reset-code-sent = 일치하는 계정이 있으면 6자리 코드를 보냈습니다. 새 비밀번호와 함께 입력하세요.
reset-code-label = 재설정 코드
new-password-label = 새 비밀번호
set-password = 비밀번호 설정

## A temporary password
new-password-title = 새 비밀번호 선택
notice-temporary = 임시 비밀번호입니다. 로그인을 마치려면 새 비밀번호를 선택하세요.
set-password-sign-in = 비밀번호 설정 후 로그인

## An app's sign-in
continue-page-title = 로그인 중
continue-title = 로그인하는 중입니다
one-moment = 잠시만 기다려 주세요…

## Errors the page itself shows
error-missing-field = 양식의 모든 항목을 입력하세요.
error-unavailable = 저희 쪽에 문제가 생겼습니다. 다시 시도하세요.
