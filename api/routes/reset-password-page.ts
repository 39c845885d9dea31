/** The page behind the emailed reset link (R25): a new password, posted once with the link's token. */
export const resetPasswordPage = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Новый пароль</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
  label, input, button { display: block; width: 100%; box-sizing: border-box; }
  input { padding: .5rem; margin: .25rem 0 1rem; font: inherit; }
  button { padding: .6rem; font: inherit; background: #1565c0; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  #result { margin-top: 1rem; }
</style>
</head>
<body>
<h1>Новый пароль</h1>
<p>Задайте новый пароль для входа в бонусную программу. Все открытые сеансы будут завершены.</p>
<form id="reset">
  <label for="password">Пароль (не короче 10 символов)</label>
  <input id="password" name="password" type="password" minlength="10" required autocomplete="new-password">
  <button type="submit">Сохранить</button>
</form>
<p id="result" role="status"></p>
<script>
  const token = new URLSearchParams(location.search).get('token') || '';
  history.replaceState(null, '', location.pathname);
  document.getElementById('reset').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = document.getElementById('result');
    const res = await fetch('/api/password-resets/confirm', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, password: document.getElementById('password').value }),
    });
    const body = await res.json();
    result.textContent = res.ok ? 'Пароль изменён. Войдите с новым паролем.' : body.error.message;
    if (res.ok) document.getElementById('reset').remove();
  });
</script>
</body>
</html>
`;
