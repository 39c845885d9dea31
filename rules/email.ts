/** R1: email is the identity, compared trimmed and case-insensitively. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

// Deliberately plain: one @, no spaces, a dot in the domain, sane lengths (RFC 5321 limits).
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export const isValidEmail = (email: string): boolean => email.length <= 254 && EMAIL.test(email.trim());
