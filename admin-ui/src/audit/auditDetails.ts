import type { AuditEntry } from '../types';
import type { AuditFormat } from './auditSentence';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The console's resource whose field labels name an entry's details, by the entry's subject type (an update's changed fields). */
const RESOURCE_OF: Record<string, string> = {
  partner: 'partners',
  catalog_item: 'catalog',
  charity_fund: 'charity-funds',
  api_client: 'api-clients',
  staff: 'staff',
};
/** Details that are signed amounts of points: written with their sign. */
const SIGNED = new Set(['amount']);
/** An instant as the server records it (ISO 8601 with a time). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const snakeCase = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** A key the packs have no label for, made readable: `secondFactor` and `second_factor` read "Second factor". */
export function readableKey(key: string): string {
  const words = snakeCase(key)
    .replace(/[_.-]+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A detail's label in the console's language: `resources.audit.details.<key>`, else the subject's own
 * field label (a partner's, a catalog item's… changed fields), else a program setting's name, else the key made readable.
 */
export function auditDetailLabel(key: string, entry: AuditEntry, translate: Translate): string {
  const resource = RESOURCE_OF[entry.subject_type];
  const keys = [
    `resources.audit.details.${key}`,
    ...(resource ? [`resources.${resource}.fields.${snakeCase(key)}`] : []),
    `resources.terms.settings.${key}`,
  ];
  return keys.reduceRight((fallback, k) => translate(k, { _: fallback }), readableKey(key));
}

/**
 * A detail's value in words: yes or no, numbers and dates in the console's language, a staff role
 * or a tier by its name, a list joined, a change as "before → after", a nested record as labelled
 * pairs; ids, codes and the words staff typed as they are; an empty value is a dash.
 */
export function auditDetailValue(key: string, value: unknown, entry: AuditEntry, translate: Translate, format: AuditFormat): string {
  const text = (k: string, v: unknown): string => auditDetailValue(k, v, entry, translate, format);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return translate(value ? 'resources.audit.yes' : 'resources.audit.no');
  if (typeof value === 'number') return SIGNED.has(key) && value > 0 ? `+${format.number(value)}` : format.number(value);
  if (typeof value === 'string') {
    if (entry.action === 'tier.change' && (key === 'from' || key === 'to')) return format.tier(value);
    if (key === 'role') return translate(`resources.staff.roles.${value}`, { _: value });
    return INSTANT.test(value) && !Number.isNaN(Date.parse(value)) ? format.date(value) : value;
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => text(key, v)).join(', ') : '—';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    // A changed field: what it was and what it is now.
    if (keys.length === 2 && 'from' in record && 'to' in record) return `${text(key, record.from)} → ${text(key, record.to)}`;
    return keys.map((k) => `${auditDetailLabel(k, entry, translate)}: ${text(k, record[k])}`).join('; ');
  }
  return String(value);
}
