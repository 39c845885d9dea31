/**
 * The small pages behind emailed one-time links, in the reader's language: English when the
 * browser's `Accept-Language` prefers it to Russian, Russian otherwise. The page knows the link's
 * state when it is opened (api/link-states.ts): a live link gets the form; a used, expired or unknown
 * one gets a page saying so and what to do next, with no form. The form posts the token (and, where
 * asked, a new password) to one API endpoint; a refusal is shown by its `code` in the page's
 * language, never as the API's (English) message. The token is the credential.
 *
 * The inline script and style are the same bytes on every page, whatever the language or state (the
 * texts travel in a JSON data block, which browsers do not run), so the Content-Security-Policy
 * allows each by one hash (api/security-headers.ts, from LINK_PAGE_INLINE).
 */

export type LinkLanguage = 'ru' | 'en';
export type LinkKind = 'confirmation' | 'password_reset' | 'email_change';
/** What a link can still do when opened: `open` gets the form, every other state ends the page. */
export type LinkState = 'open' | LinkEnd;
export type LinkEnd = 'unknown' | 'used' | 'expired' | 'registration_expired' | 'already_confirmed' | 'not_active';

/** The shortest password the API takes (api/schemas.ts ConfirmationRequest, PasswordResetConfirmRequest). */
const PASSWORD_MIN_LENGTH = 10;

/** The API's refusal codes that end the link, by the state they mean (the POST checks what the GET checked). */
const CODE_ENDS: Record<string, LinkEnd> = {
  token_invalid: 'unknown',
  token_used: 'used',
  token_expired: 'expired',
  registration_expired: 'registration_expired',
  already_confirmed: 'already_confirmed',
  participant_not_active: 'not_active',
};

interface PageTexts {
  title: string;
  intro: string;
  /** Ask for a new password (sent as `password`), or only confirm with a button. */
  askPassword: boolean;
  button: string;
  endpoint: string;
  success: string;
  /** the ends this link can come to: a heading, and what to do next */
  ends: Partial<Record<LinkEnd, { heading: string; next: string }>>;
}

interface LanguageTexts {
  password: string;
  /** refusals that leave the form for another try, by code; `failed` for any other */
  errors: Record<'validation_failed' | 'too_many_attempts' | 'failed', string>;
  pages: Record<LinkKind, PageTexts>;
}

const TEXTS: Record<LinkLanguage, LanguageTexts> = {
  ru: {
    password: `Пароль (не короче ${PASSWORD_MIN_LENGTH} символов)`,
    errors: {
      validation_failed: `Пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов.`,
      too_many_attempts: 'Слишком много попыток. Подождите несколько минут и попробуйте снова.',
      failed: 'Не получилось. Попробуйте ещё раз чуть позже.',
    },
    pages: {
      /** R3: set a password, which confirms the address. */
      confirmation: {
        title: 'Подтверждение регистрации',
        intro: 'Задайте пароль для входа в бонусную программу.',
        askPassword: true,
        button: 'Подтвердить',
        endpoint: '/api/confirmations',
        success: 'Адрес подтверждён. Мы проверим договор вашего агентства и сообщим о результате письмом.',
        ends: {
          unknown: {
            heading: 'Ссылка не действует',
            next: 'Такой ссылки подтверждения нет. Откройте ссылку из письма целиком, без пропусков. Если не получается, попросите службу поддержки программы прислать новую.',
          },
          used: {
            heading: 'Ссылка уже использована',
            next: 'Адрес уже подтверждён по этой ссылке. Войдите на сайте программы с паролем, который вы задали. Если забыли пароль, воспользуйтесь восстановлением пароля на странице входа.',
          },
          already_confirmed: {
            heading: 'Адрес уже подтверждён',
            next: 'Эта регистрация уже подтверждена. Войдите на сайте программы; если забыли пароль, воспользуйтесь восстановлением пароля на странице входа.',
          },
          expired: {
            heading: 'Срок ссылки истёк',
            next: 'Попросите службу поддержки программы прислать новую ссылку подтверждения: она придёт на этот же адрес.',
          },
          registration_expired: {
            heading: 'Регистрация закрыта',
            next: 'Адрес не подтвердили вовремя, и регистрация закрыта. Зарегистрируйтесь в программе снова.',
          },
        },
      },
      /** R25: a new password, posted once with the link's token. */
      password_reset: {
        title: 'Новый пароль',
        intro: 'Задайте новый пароль для входа в бонусную программу. Все открытые сеансы будут завершены.',
        askPassword: true,
        button: 'Сохранить',
        endpoint: '/api/password-resets/confirm',
        success: 'Пароль изменён. Войдите с новым паролем.',
        ends: {
          unknown: {
            heading: 'Ссылка не действует',
            next: 'Такой ссылки для смены пароля нет. Откройте ссылку из письма целиком или запросите новую на странице входа («Забыли пароль?»).',
          },
          used: {
            heading: 'Ссылка уже использована',
            next: 'Пароль по этой ссылке уже изменён. Войдите с новым паролем или запросите новую ссылку на странице входа («Забыли пароль?»).',
          },
          expired: {
            heading: 'Срок ссылки истёк',
            next: 'Запросите новую ссылку на странице входа («Забыли пароль?»): она придёт на ваш адрес.',
          },
          not_active: {
            heading: 'Учётная запись не активна',
            next: 'Пароль меняют только у активной учётной записи. Обратитесь в службу поддержки программы.',
          },
        },
      },
      /** R21: the new address becomes the login. */
      email_change: {
        title: 'Новый адрес электронной почты',
        intro: 'Нажмите кнопку, чтобы этот адрес стал вашим логином в бонусной программе.',
        askPassword: false,
        button: 'Подтвердить адрес',
        endpoint: '/api/email-change-confirmations',
        success: 'Адрес подтверждён. Баллы и история сохранены.',
        ends: {
          unknown: {
            heading: 'Ссылка не действует',
            next: 'Такой ссылки нет. Откройте ссылку из последнего письма целиком, без пропусков.',
          },
          used: {
            heading: 'Ссылка уже использована',
            next: 'Этот адрес уже подтверждён, или заявка на смену адреса закрыта. Войдите с адресом, который сейчас ваш логин; если что-то не так, обратитесь в службу поддержки программы.',
          },
          expired: {
            heading: 'Срок ссылки истёк',
            next: 'Заявка на смену адреса закрыта. Чтобы сменить адрес, снова обратитесь в службу поддержки программы.',
          },
        },
      },
    },
  },
  en: {
    password: `Password (at least ${PASSWORD_MIN_LENGTH} characters)`,
    errors: {
      validation_failed: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
      too_many_attempts: 'Too many attempts. Wait a few minutes and try again.',
      failed: 'That did not work. Please try again a little later.',
    },
    pages: {
      confirmation: {
        title: 'Confirm your registration',
        intro: 'Choose a password for signing in to the bonus program.',
        askPassword: true,
        button: 'Confirm',
        endpoint: '/api/confirmations',
        success: "Your address is confirmed. We will check your agency's contract and email you the result.",
        ends: {
          unknown: {
            heading: 'This link does not work',
            next: "There is no such confirmation link. Open the whole link from the email. If that does not help, ask the program's support for a new one.",
          },
          used: {
            heading: 'This link has already been used',
            next: "Your address was confirmed with this link. Sign in on the program's site with the password you chose; if you forgot it, reset it from the sign-in page.",
          },
          already_confirmed: {
            heading: 'Your address is already confirmed',
            next: "This registration is already confirmed. Sign in on the program's site; if you forgot your password, reset it from the sign-in page.",
          },
          expired: {
            heading: 'This link has expired',
            next: "Ask the program's support to send you a new confirmation link: it comes to this same address.",
          },
          registration_expired: {
            heading: 'This registration is closed',
            next: 'The address was not confirmed in time, so the registration was closed. Please register again.',
          },
        },
      },
      password_reset: {
        title: 'New password',
        intro: 'Choose a new password for signing in to the bonus program. Every open session will be ended.',
        askPassword: true,
        button: 'Save',
        endpoint: '/api/password-resets/confirm',
        success: 'Your password is changed. Sign in with the new password.',
        ends: {
          unknown: {
            heading: 'This link does not work',
            next: 'There is no such password reset link. Open the whole link from the email, or ask for a new one on the sign-in page ("Forgot your password?").',
          },
          used: {
            heading: 'This link has already been used',
            next: 'The password was already changed with this link. Sign in with the new password, or ask for a new link on the sign-in page ("Forgot your password?").',
          },
          expired: {
            heading: 'This link has expired',
            next: 'Ask for a new link on the sign-in page ("Forgot your password?"): it comes to your address.',
          },
          not_active: {
            heading: 'This account is not active',
            next: "Only an active account's password can be changed. Please contact the program's support.",
          },
        },
      },
      email_change: {
        title: 'New email address',
        intro: 'Press the button to make this address your login in the bonus program.',
        askPassword: false,
        button: 'Confirm the address',
        endpoint: '/api/email-change-confirmations',
        success: 'Your address is confirmed. Your points and history are kept.',
        ends: {
          unknown: {
            heading: 'This link does not work',
            next: 'There is no such link. Open the whole link from the latest email.',
          },
          used: {
            heading: 'This link has already been used',
            next: "This address is already confirmed, or the request to change the address is closed. Sign in with the address that is your login now; if something is wrong, contact the program's support.",
          },
          expired: {
            heading: 'This link has expired',
            next: "The request to change the address is closed. To change your address, contact the program's support again.",
          },
        },
      },
    },
  },
};

/**
 * The reader's language from an `Accept-Language` header: the supported language with the highest
 * weight (the earlier on a tie), Russian when the header names neither (or is absent, or `*`).
 */
export function linkLanguage(acceptLanguage: string | undefined): LinkLanguage {
  let best: { lang: LinkLanguage; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').slice(0, 1000).split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const primary = range.trim().split('-')[0];
    if (primary !== 'ru' && primary !== 'en') continue;
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const q = weight ? Number(weight[1]) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? 'ru';
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON inside a <script> data block: `<` escaped, so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
  label, input, button { display: block; width: 100%; box-sizing: border-box; }
  input { padding: .5rem; margin: .25rem 0 1rem; font: inherit; }
  button { padding: .6rem; font: inherit; background: #1565c0; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  button:disabled { opacity: .6; cursor: default; }
  #result { margin-top: 1rem; }
`;

/**
 * Takes the token out of the address bar, posts the form, and says what came of it: success, an end
 * of the link (the form goes, a heading and what to do next come), or a refusal that leaves the form
 * for another try. Every text comes from the page's data block, in the page's language.
 */
const SCRIPT = `
  const texts = JSON.parse(document.getElementById('link-texts').textContent);
  const token = new URLSearchParams(location.search).get('token') || '';
  history.replaceState(null, '', location.pathname);
  const form = document.getElementById('link');
  const result = document.getElementById('result');
  const end = (state) => {
    const heading = document.createElement('h2');
    heading.textContent = state.heading;
    const next = document.createElement('p');
    next.textContent = state.next;
    document.getElementById('intro').replaceWith(heading, next);
    form.remove();
  };
  if (form) form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = document.getElementById('password');
    const button = form.querySelector('button');
    button.disabled = true;
    result.textContent = '';
    let res = null;
    let body = null;
    try {
      res = await fetch(form.dataset.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(password ? { token, password: password.value } : { token }),
      });
      body = await res.json().catch(() => null);
    } catch {
      res = null;
    }
    button.disabled = false;
    if (res && res.ok) {
      result.textContent = texts.success;
      form.remove();
      return;
    }
    const code = body && body.error && typeof body.error.code === 'string' ? body.error.code : '';
    const ending = Object.prototype.hasOwnProperty.call(texts.codeEnds, code) ? texts.ends[texts.codeEnds[code]] : undefined;
    if (ending) end(ending);
    else result.textContent = Object.prototype.hasOwnProperty.call(texts.errors, code) ? texts.errors[code] : texts.errors.failed;
  });
`;

/** The inline script and style of every link page, for their hashes in the Content-Security-Policy. */
export const LINK_PAGE_INLINE = `<script>${SCRIPT}</script>\n<style>${STYLE}</style>`;

/** The page behind a `kind` link, in `lang`, for a link in `state`: the form only while it is open. */
export function renderLinkPage(kind: LinkKind, lang: LinkLanguage, state: LinkState): string {
  const { password, errors, pages } = TEXTS[lang];
  const page = pages[kind];
  const ending = state === 'open' ? undefined : (page.ends[state] ?? page.ends.unknown);
  const data = { success: page.success, ends: page.ends, codeEnds: CODE_ENDS, errors };
  const body = ending
    ? `<h2>${escapeHtml(ending.heading)}</h2>
<p>${escapeHtml(ending.next)}</p>`
    : `<p id="intro">${escapeHtml(page.intro)}</p>
<form id="link" data-endpoint="${escapeHtml(page.endpoint)}">
${
  page.askPassword
    ? `  <label for="password">${escapeHtml(password)}</label>
  <input id="password" name="password" type="password" minlength="${PASSWORD_MIN_LENGTH}" required autocomplete="new-password">
`
    : ''
}  <button type="submit">${escapeHtml(page.button)}</button>
</form>
<p id="result" role="status"></p>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
${body}
<script type="application/json" id="link-texts">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
