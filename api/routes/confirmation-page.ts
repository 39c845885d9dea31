/** The page behind the emailed link: set a password, which confirms the address (R3). */
export const confirmationPage = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Подтверждение регистрации</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
  label, input, button { display: block; width: 100%; box-sizing: border-box; }
  input { padding: .5rem; margin: .25rem 0 1rem; font: inherit; }
  button { padding: .6rem; font: inherit; background: #1565c0; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  #result { margin-top: 1rem; }
</style>
</head>
<body>
<h1>Подтверждение регистрации</h1>
<p>Задайте пароль для входа в бонусную программу.</p>
<form id="confirm">
  <label for="password">Пароль (не короче 10 символов)</label>
  <input id="password" name="password" type="password" minlength="10" required autocomplete="new-password">
  <button type="submit">Подтвердить</button>
</form>
<p id="result" role="status"></p>
<script>
  const token = new URLSearchParams(location.search).get('token') || '';
  document.getElementById('confirm').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = document.getElementById('result');
    const res = await fetch('/api/confirmations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, password: document.getElementById('password').value }),
    });
    const body = await res.json();
    result.textContent = res.ok
      ? 'Адрес подтверждён. Мы проверим договор вашего агентства и сообщим о результате письмом.'
      : body.error.message;
  });
</script>
</body>
</html>
`;

/** The page behind the link sent to a new address (R21): one button confirms it. */
export const emailChangeConfirmationPage = `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Подтверждение нового адреса</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; }
button { padding: .6rem 1rem; font: inherit; background: #1565c0; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }</style>
</head>
<body>
<h1>Новый адрес электронной почты</h1>
<p>Нажмите кнопку, чтобы этот адрес стал вашим логином в бонусной программе.</p>
<button id="go">Подтвердить адрес</button>
<p id="result" role="status"></p>
<script>
document.getElementById('go').addEventListener('click', async () => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const res = await fetch('/api/email-change-confirmations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const body = await res.json().catch(() => ({}));
  document.getElementById('result').textContent = res.ok ? 'Адрес подтверждён. Баллы и история сохранены.' : (body.error && body.error.message) || 'Не получилось';
});
</script>
</body></html>`;
