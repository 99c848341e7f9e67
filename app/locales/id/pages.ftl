# Cognate's hosted pages: Bahasa Indonesia.

## The frame
nav-label = Utama
nav-sign-in = Masuk
nav-docs = Dokumentasi
nav-demo = Demo
nav-account = Akun Anda ({ $name })
nav-sign-out = Keluar
footer = Cognate — kumpulan pengguna yang dihosting sendiri dengan bentuk Amazon Cognito.
language-label = Bahasa

## Sign in
sign-in-title = Masuk
sign-in-submit = Masuk
username-or-email-label = Nama pengguna atau email
password-label = Kata sandi
forgot-password-link = Lupa kata sandi?
need-account = Belum punya akun?
sign-up-link = Daftar
passwordless-heading = Atau masuk tanpa kata sandi
continue-with = Lanjutkan dengan { $provider }
corporate-email-label = Email perusahaan
corporate-sign-in = Masuk dengan ID perusahaan Anda
notice-confirmed = Akun Anda sudah dikonfirmasi. Masuk untuk melanjutkan.
notice-awaiting = Akun Anda sudah dibuat. Administrator akan mengonfirmasinya sebelum Anda dapat masuk.
notice-reset = Kata sandi Anda sudah diatur ulang. Masuk dengan kata sandi yang baru.
notice-signed-out = Anda sudah keluar.
notice-deleted = Akun Anda sudah dihapus.

## Passkeys and emailed codes
passkey-sign-in = Masuk dengan kunci sandi
passkey-needs-javascript = Masuk dengan kunci sandi memerlukan JavaScript. Aktifkan, atau masuk dengan kata sandi atau kode yang dikirim lewat email.
passkey-unsupported = Browser ini tidak dapat memakai kunci sandi. Masuk dengan kata sandi atau kode yang dikirim lewat email.
passkey-cancelled = Tidak ada kunci sandi yang dipakai. Coba lagi, atau masuk dengan cara lain.
code-username-label = Nama pengguna atau email untuk kode masuk
email-me-a-code = Kirimi saya kode lewat email
passkey-offer-page-title = Tambahkan kunci sandi
passkey-offer-title = Masuk lebih cepat dengan kunci sandi
passkey-offer-intro = Kunci sandi memungkinkan Anda masuk dengan sidik jari, wajah, atau kunci layar, bukan kata sandi. Kunci sandi tidak dapat dicuri lewat phishing atau dipakai ulang di tempat lain.
not-now = Nanti saja
passkey-add = Tambahkan kunci sandi
passkey-not-made = Tidak ada kunci sandi yang dibuat. Coba lagi.
passkey-add-needs-javascript = Menambahkan kunci sandi memerlukan JavaScript. Aktifkan untuk menambahkannya.
passkey-cannot-make = Browser ini tidak dapat membuat kunci sandi.

## Sign up
sign-up-page-title = Daftar
sign-up-title = Buat akun
username-label = Nama pengguna
email-label = Email
sign-up-submit = Daftar
have-account = Sudah punya akun?
sign-in-link = Masuk
terms-before = Dengan mendaftar, Anda menyetujui
terms-of-use = Ketentuan Penggunaan
terms-and = dan
privacy-policy = Kebijakan Privasi
terms-after = .

## The password checklist
rule-length = Minimal { $count } karakter
rule-lowercase = Satu huruf kecil
rule-uppercase = Satu huruf besar
rule-number = Satu angka
rule-symbol = Satu simbol, seperti ! @ # atau $
rule-met = terpenuhi
rule-not-met = belum terpenuhi

## Confirm
confirm-title = Konfirmasi akun Anda
notice-code-sent = Kami mengirimkan kode 6 digit ke email Anda. Masukkan untuk mengonfirmasi akun Anda.
notice-code-resent = Kami mengirimkan kode baru. Kode sebelumnya tidak berlaku lagi.
confirmation-code-label = Kode konfirmasi
confirm-submit = Konfirmasi
did-not-get-it = Tidak menerimanya?
send-new-code = Kirim kode baru
enter-confirmation-code = Masukkan kode konfirmasi Anda

## Forgot and reset
forgot-page-title = Lupa kata sandi
forgot-title = Atur ulang kata sandi Anda
forgot-intro = Masukkan nama pengguna atau email Anda. Jika akun Anda ditemukan, kami akan mengirimkan kode.
send-reset-code = Kirim kode pengaturan ulang
back-to-sign-in = Kembali ke halaman masuk
reset-title = Tetapkan kata sandi baru
notice-reset-code-sent = Jika ada akun yang cocok, kami mengirimkan kode 6 digit ke akun itu. Masukkan bersama kata sandi baru.
reset-code-label = Kode pengaturan ulang
new-password-label = Kata sandi baru
set-password = Tetapkan kata sandi

## A temporary password
new-password-title = Pilih kata sandi baru
notice-temporary = Kata sandi Anda bersifat sementara. Pilih yang baru untuk menyelesaikan proses masuk.
set-password-sign-in = Tetapkan kata sandi dan masuk

## An app's sign-in
continue-page-title = Sedang masuk
continue-title = Sedang memasukkan Anda
one-moment = Tunggu sebentar…

## Errors the page itself shows
error-missing-field = Isi setiap kolom formulir.
error-unavailable = Terjadi kesalahan di pihak kami. Silakan coba lagi.
