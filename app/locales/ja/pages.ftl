# Cognate's hosted pages: 日本語.

## The frame
nav-label = メイン
nav-sign-in = サインイン
nav-docs = ドキュメント
nav-demo = デモ
nav-account = アカウント ({ $name })
nav-sign-out = サインアウト
footer = Cognate — Amazon Cognito と同じ形のセルフホスト型ユーザープール。
language-label = 言語

## Sign in
sign-in-title = サインイン
sign-in-submit = サインイン
username-or-email-label = ユーザー名またはメールアドレス
password-label = パスワード
forgot-password-link = パスワードをお忘れですか?
need-account = アカウントをお持ちでない場合は
sign-up-link = 新規登録
passwordless-heading = パスワードを使わずにサインイン
continue-with = { $provider } で続行
corporate-email-label = 会社のメールアドレス
corporate-sign-in = 会社の ID でサインイン
notice-confirmed = アカウントが確認されました。サインインして続行してください。
notice-awaiting = アカウントが作成されました。サインインできるようになる前に、管理者が確認します。
notice-reset = パスワードがリセットされました。新しいパスワードでサインインしてください。
notice-signed-out = サインアウトしました。
notice-deleted = アカウントが削除されました。

## Passkeys and emailed codes
passkey-sign-in = パスキーでサインイン
passkey-needs-javascript = パスキーでのサインインには JavaScript が必要です。JavaScript を有効にするか、パスワードまたはメールで届くコードでサインインしてください。
passkey-unsupported = このブラウザではパスキーを使えません。パスワードまたはメールで届くコードでサインインしてください。
passkey-cancelled = パスキーは使用されませんでした。もう一度試すか、別の方法でサインインしてください。
code-username-label = サインインコード用のユーザー名またはメールアドレス
email-me-a-code = コードをメールで送信
passkey-offer-page-title = パスキーを追加
passkey-offer-title = パスキーでもっと速くサインイン
passkey-offer-intro = パスキーを使うと、パスワードの代わりに指紋、顔、または画面ロックでサインインできます。フィッシングで盗まれることも、ほかのサイトで使い回されることもありません。
not-now = 今はしない
passkey-add = パスキーを追加
passkey-not-made = パスキーは作成されませんでした。もう一度お試しください。
passkey-add-needs-javascript = パスキーの追加には JavaScript が必要です。有効にしてから追加してください。
passkey-cannot-make = このブラウザではパスキーを作成できません。

## Sign up
sign-up-page-title = 新規登録
sign-up-title = アカウントを作成
username-label = ユーザー名
email-label = メールアドレス
sign-up-submit = 登録する
have-account = すでにアカウントをお持ちですか?
sign-in-link = サインイン
terms-before = 登録すると、次に同意したものとみなされます:
terms-of-use = 利用規約
terms-and = および
privacy-policy = プライバシーポリシー
terms-after = 。

## The password checklist
rule-length = { $count } 文字以上
rule-lowercase = 小文字を含む
rule-uppercase = 大文字を含む
rule-number = 数字を含む
rule-symbol = 記号を含む (! @ # $ など)
rule-met = 満たしています
rule-not-met = 満たしていません

## Confirm
confirm-title = アカウントの確認
notice-code-sent = 6 桁のコードをメールで送信しました。入力してアカウントを確認してください。
notice-code-resent = 新しいコードを送信しました。以前のコードは使えなくなりました。
confirmation-code-label = 確認コード
confirm-submit = 確認する
did-not-get-it = 届きませんか?
send-new-code = 新しいコードを送信
enter-confirmation-code = 確認コードを入力する

## Forgot and reset
forgot-page-title = パスワードを忘れた場合
forgot-title = パスワードのリセット
forgot-intro = ユーザー名またはメールアドレスを入力してください。アカウントが見つかれば、コードをメールでお送りします。
send-reset-code = リセット用コードを送信
back-to-sign-in = サインインに戻る
reset-title = 新しいパスワードの設定
notice-reset-code-sent = 該当するアカウントがあれば、6 桁のコードを送信しました。新しいパスワードと一緒に入力してください。
reset-code-label = リセット用コード
new-password-label = 新しいパスワード
set-password = パスワードを設定

## A temporary password
new-password-title = 新しいパスワードを選択
notice-temporary = お使いのパスワードは一時的なものです。サインインを完了するには新しいパスワードを選んでください。
set-password-sign-in = パスワードを設定してサインイン

## An app's sign-in
continue-page-title = サインイン中
continue-title = サインインしています
one-moment = 少々お待ちください…

## Errors the page itself shows
error-missing-field = フォームのすべての項目に入力してください。
error-unavailable = こちら側で問題が発生しました。もう一度お試しください。
