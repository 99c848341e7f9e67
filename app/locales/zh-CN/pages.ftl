# Cognate's hosted pages: 简体中文.

## The frame
nav-label = 主菜单
nav-sign-in = 登录
nav-docs = 文档
nav-demo = 演示
nav-account = 您的账户 ({ $name })
nav-sign-out = 退出登录
footer = Cognate — 与 Amazon Cognito 同形的自托管用户池。
language-label = 语言

## Sign in
sign-in-title = 登录
sign-in-submit = 登录
username-or-email-label = 用户名或电子邮件
password-label = 密码
forgot-password-link = 忘记密码?
need-account = 还没有账户?
sign-up-link = 注册
passwordless-heading = 或者不用密码登录
continue-with = 通过 { $provider } 继续
corporate-email-label = 公司电子邮件
corporate-sign-in = 使用公司 ID 登录
notice-confirmed = 您的账户已确认。请登录以继续。
notice-awaiting = 您的账户已创建。管理员确认后您才能登录。
notice-reset = 您的密码已重置。请使用新密码登录。
notice-signed-out = 您已退出登录。
notice-deleted = 您的账户已删除。

## Passkeys and emailed codes
passkey-sign-in = 使用通行密钥登录
passkey-needs-javascript = 使用通行密钥登录需要 JavaScript。请启用它,或使用密码或电子邮件验证码登录。
passkey-unsupported = 此浏览器无法使用通行密钥。请使用密码或电子邮件验证码登录。
passkey-cancelled = 未使用任何通行密钥。请重试,或换一种方式登录。
code-username-label = 用于接收登录验证码的用户名或电子邮件
email-me-a-code = 通过电子邮件发送验证码
passkey-offer-page-title = 添加通行密钥
passkey-offer-title = 使用通行密钥更快地登录
passkey-offer-intro = 通行密钥让您用指纹、面容或屏幕锁代替密码登录。它不会被钓鱼窃取,也不能在别处重复使用。
not-now = 以后再说
passkey-add = 添加通行密钥
passkey-not-made = 未创建任何通行密钥。请重试。
passkey-add-needs-javascript = 添加通行密钥需要 JavaScript。请启用后再添加。
passkey-cannot-make = 此浏览器无法创建通行密钥。

## Sign up
sign-up-page-title = 注册
sign-up-title = 创建账户
username-label = 用户名
email-label = 电子邮件
sign-up-submit = 注册
have-account = 已有账户?
sign-in-link = 登录
terms-before = 注册即表示您同意
terms-of-use = 使用条款
terms-and = 和
privacy-policy = 隐私政策
terms-after = 。

## The password checklist
rule-length = 至少 { $count } 个字符
rule-lowercase = 一个小写字母
rule-uppercase = 一个大写字母
rule-number = 一个数字
rule-symbol = 一个符号,例如 ! @ # 或 $
rule-met = 已满足
rule-not-met = 未满足

## Confirm
confirm-title = 确认您的账户
notice-code-sent = 我们已通过电子邮件向您发送 6 位验证码。输入它以确认您的账户。
notice-code-resent = 我们已发送新的验证码。之前发送的验证码已失效。
confirmation-code-label = 确认码
confirm-submit = 确认
did-not-get-it = 没有收到?
send-new-code = 发送新验证码
enter-confirmation-code = 输入您的确认码

## Forgot and reset
forgot-page-title = 忘记密码
forgot-title = 重置密码
forgot-intro = 请输入您的用户名或电子邮件。如果找到您的账户,我们会通过电子邮件向您发送验证码。
send-reset-code = 发送重置验证码
back-to-sign-in = 返回登录
reset-title = 设置新密码
notice-reset-code-sent = 如果有匹配的账户,我们已向其发送 6 位验证码。请与新密码一起输入。
reset-code-label = 重置验证码
new-password-label = 新密码
set-password = 设置密码

## A temporary password
new-password-title = 选择新密码
notice-temporary = 您的密码是临时密码。请选择一个新密码以完成登录。
set-password-sign-in = 设置密码并登录

## An app's sign-in
continue-page-title = 正在登录
continue-title = 正在为您登录
one-moment = 请稍候…

## Errors the page itself shows
error-missing-field = 请填写表单中的每一项。
error-unavailable = 我们这边出了点问题。请重试。
