/**
 * The small pages behind emailed one-time links. Each posts the link's token (and, where asked, a
 * new password) to one API endpoint and shows the answer; the token is the credential.
 */
interface LinkPage {
  title: string;
  intro: string;
  /** Ask for a new password (sent as `password`), or only confirm with a button. */
  askPassword: boolean;
  button: string;
  endpoint: string;
  success: string;
}

const page = ({ title, intro, askPassword, button, endpoint, success }: LinkPage) => `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
  label, input, button { display: block; width: 100%; box-sizing: border-box; }
  input { padding: .5rem; margin: .25rem 0 1rem; font: inherit; }
  button { padding: .6rem; font: inherit; background: #1565c0; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  #result { margin-top: 1rem; }
</style>
</head>
<body>
<h1>${title}</h1>
<p>${intro}</p>
<form id="link">
${askPassword ? `  <label for="password">Пароль (не короче 10 символов)</label>
  <input id="password" name="password" type="password" minlength="10" required autocomplete="new-password">
` : ''}  <button type="submit">${button}</button>
</form>
<p id="result" role="status"></p>
<script>
  const token = new URLSearchParams(location.search).get('token') || '';
  history.replaceState(null, '', location.pathname);
  const form = document.getElementById('link');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = document.getElementById('password');
    const res = await fetch('${endpoint}', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(password ? { token, password: password.value } : { token }),
    });
    const body = await res.json().catch(() => ({ error: { message: 'Не получилось, попробуйте позже' } }));
    document.getElementById('result').textContent = res.ok ? '${success}' : body.error.message;
    if (res.ok) form.remove();
  });
</script>
</body>
</html>
`;

/** R3: set a password, which confirms the address. */
export const confirmationPage = page({
  title: 'Подтверждение регистрации',
  intro: 'Задайте пароль для входа в бонусную программу.',
  askPassword: true,
  button: 'Подтвердить',
  endpoint: '/api/confirmations',
  success: 'Адрес подтверждён. Мы проверим договор вашего агентства и сообщим о результате письмом.',
});

/** R25: a new password, posted once with the link's token. */
export const resetPasswordPage = page({
  title: 'Новый пароль',
  intro: 'Задайте новый пароль для входа в бонусную программу. Все открытые сеансы будут завершены.',
  askPassword: true,
  button: 'Сохранить',
  endpoint: '/api/password-resets/confirm',
  success: 'Пароль изменён. Войдите с новым паролем.',
});

/** R21: the new address becomes the login. */
export const emailChangeConfirmationPage = page({
  title: 'Новый адрес электронной почты',
  intro: 'Нажмите кнопку, чтобы этот адрес стал вашим логином в бонусной программе.',
  askPassword: false,
  button: 'Подтвердить адрес',
  endpoint: '/api/email-change-confirmations',
  success: 'Адрес подтверждён. Баллы и история сохранены.',
});
