/**
 * The emailed links' pages without servers: the reader's language from Accept-Language (Russian by
 * default), no form once a link has ended, and one inline script and style in every language and
 * state, so the Content-Security-Policy's hashes hold for all of them.
 */
import { describe, expect, it } from 'vitest';
import { LINK_PAGE_INLINE, linkLanguage, renderLinkPage, type LinkKind, type LinkState } from '../../api/routes/link-pages.js';

const inline = (html: string, tag: 'script' | 'style') =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);

describe('link pages', () => {
  it("the reader's language: English only when preferred to Russian, Russian otherwise", () => {
    expect(linkLanguage(undefined)).toBe('ru');
    expect(linkLanguage('')).toBe('ru');
    expect(linkLanguage('*')).toBe('ru');
    expect(linkLanguage('de-DE,de;q=0.9,fr;q=0.8')).toBe('ru');
    expect(linkLanguage('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ru');
    expect(linkLanguage('en-US,en;q=0.9')).toBe('en');
    expect(linkLanguage('EN-gb')).toBe('en');
    expect(linkLanguage('de,en;q=0.5')).toBe('en');
    expect(linkLanguage('en;q=0.5,ru;q=0.8')).toBe('ru');
    expect(linkLanguage('en;q=0,ru;q=0.1')).toBe('ru');
    expect(linkLanguage('en;q=0')).toBe('ru');
    expect(linkLanguage('ru, en')).toBe('ru');
  });

  const kinds: LinkKind[] = ['confirmation', 'password_reset', 'email_change'];
  const states: LinkState[] = ['open', 'unknown', 'used', 'expired', 'registration_expired', 'already_confirmed', 'not_active'];

  it('every page, in either language and any state, has exactly the inline script and style the policy allows', () => {
    const [script] = inline(LINK_PAGE_INLINE, 'script');
    const [style] = inline(LINK_PAGE_INLINE, 'style');
    for (const kind of kinds) {
      for (const lang of ['ru', 'en'] as const) {
        for (const state of states) {
          const html = renderLinkPage(kind, lang, state);
          expect(inline(html, 'script')).toEqual([script]);
          expect(inline(html, 'style')).toEqual([style]);
          expect(html).toContain(`<html lang="${lang}">`);
        }
      }
    }
  });

  it('only a live link gets a form; an ended one says what happened, in its own words or as an unknown link', () => {
    for (const kind of kinds) {
      expect(renderLinkPage(kind, 'ru', 'open')).toMatch(/<form id="link"/);
      for (const state of states.filter((s) => s !== 'open')) {
        const html = renderLinkPage(kind, 'ru', state);
        expect(html).not.toMatch(/<form|<input/);
        expect(html).toMatch(/<h2>[^<]+<\/h2>/);
      }
    }
    expect(renderLinkPage('password_reset', 'ru', 'used')).toContain('Ссылка уже использована');
    expect(renderLinkPage('password_reset', 'en', 'expired')).toContain('This link has expired');
    // A state a page has no words of its own for reads as an unknown link.
    expect(renderLinkPage('email_change', 'ru', 'not_active')).toContain('Ссылка не действует');
  });
});
