# Cognate's hosted pages: 繁體中文.

## The frame
nav-label = 主選單
nav-sign-in = 登入
nav-docs = 文件
nav-demo = 示範
nav-account = 您的帳戶 ({ $name })
nav-sign-out = 登出
footer = Cognate — 與 Amazon Cognito 同形的自行託管使用者集區。
language-label = 語言

## Sign in
sign-in-title = 登入
sign-in-submit = 登入
username-or-email-label = 使用者名稱或電子郵件
password-label = 密碼
forgot-password-link = 忘記密碼?
need-account = 還沒有帳戶?
sign-up-link = 註冊
passwordless-heading = 或不使用密碼登入
continue-with = 透過 { $provider } 繼續
corporate-email-label = 公司電子郵件
corporate-sign-in = 使用公司 ID 登入
notice-confirmed = 您的帳戶已確認。請登入以繼續。
notice-awaiting = 您的帳戶已建立。管理員確認後您才能登入。
notice-reset = 您的密碼已重設。請使用新密碼登入。
notice-signed-out = 您已登出。
notice-deleted = 您的帳戶已刪除。

## Passkeys and emailed codes
passkey-sign-in = 使用密碼金鑰登入
passkey-needs-javascript = 使用密碼金鑰登入需要 JavaScript。請啟用它,或使用密碼或電子郵件驗證碼登入。
passkey-unsupported = 此瀏覽器無法使用密碼金鑰。請使用密碼或電子郵件驗證碼登入。
passkey-cancelled = 未使用任何密碼金鑰。請重試,或改用其他方式登入。
code-username-label = 用於接收登入驗證碼的使用者名稱或電子郵件
email-me-a-code = 以電子郵件傳送驗證碼
passkey-offer-page-title = 新增密碼金鑰
passkey-offer-title = 使用密碼金鑰更快登入
passkey-offer-intro = 密碼金鑰讓您用指紋、臉孔或螢幕鎖定取代密碼登入。它無法被網路釣魚竊取,也不能在其他地方重複使用。
not-now = 稍後再說
passkey-add = 新增密碼金鑰
passkey-not-made = 未建立任何密碼金鑰。請重試。
passkey-add-needs-javascript = 新增密碼金鑰需要 JavaScript。請啟用後再新增。
passkey-cannot-make = 此瀏覽器無法建立密碼金鑰。

## Sign up
sign-up-page-title = 註冊
sign-up-title = 建立帳戶
username-label = 使用者名稱
email-label = 電子郵件
sign-up-submit = 註冊
have-account = 已經有帳戶?
sign-in-link = 登入
terms-before = 註冊即表示您同意
terms-of-use = 使用條款
terms-and = 與
privacy-policy = 隱私權政策
terms-after = 。

## The password checklist
rule-length = 至少 { $count } 個字元
rule-lowercase = 一個小寫字母
rule-uppercase = 一個大寫字母
rule-number = 一個數字
rule-symbol = 一個符號,例如 ! @ # 或 $
rule-met = 已符合
rule-not-met = 未符合

## Confirm
confirm-title = 確認您的帳戶
notice-code-sent = 我們已透過電子郵件寄給您 6 位數驗證碼。輸入它以確認您的帳戶。
notice-code-resent = 我們已寄出新的驗證碼。先前寄出的驗證碼已失效。
confirmation-code-label = 確認碼
confirm-submit = 確認
did-not-get-it = 沒有收到?
send-new-code = 寄送新驗證碼
enter-confirmation-code = 輸入您的確認碼

## Forgot and reset
forgot-page-title = 忘記密碼
forgot-title = 重設密碼
forgot-intro = 請輸入您的使用者名稱或電子郵件。如果找到您的帳戶,我們會以電子郵件寄給您驗證碼。
send-reset-code = 寄送重設驗證碼
back-to-sign-in = 返回登入
reset-title = 設定新密碼
notice-reset-code-sent = 如果有相符的帳戶,我們已寄給它 6 位數驗證碼。請與新密碼一起輸入。
reset-code-label = 重設驗證碼
new-password-label = 新密碼
set-password = 設定密碼

## A temporary password
new-password-title = 選擇新密碼
notice-temporary = 您的密碼是暫時密碼。請選擇新密碼以完成登入。
set-password-sign-in = 設定密碼並登入

## An app's sign-in
continue-page-title = 正在登入
continue-title = 正在為您登入
one-moment = 請稍候…

## Errors the page itself shows
error-missing-field = 請填寫表單中的每個欄位。
error-unavailable = 我們這邊發生問題。請重試。
