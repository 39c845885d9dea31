import type { AuditEntry } from '../types';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** How the sentence writes numbers, dates and tiers, in the console's language. */
export interface AuditFormat {
  number: (n: number) => string;
  date: (at: string) => string;
  tier: (code: string | null) => string;
}

/** Details that are instants: written as dates. */
const DATES = new Set(['effectiveFrom', 'dueAt']);
/** Details that are signed amounts of points: written with their sign. */
const SIGNED = new Set(['amount']);

/**
 * Who acted, in words: a staff member by name and role, an API client by name, or the system
 * (a workflow's own step, a deadline).
 */
export function auditActor(entry: AuditEntry, translate: Translate): string {
  if (entry.actor_type === 'staff') {
    const role = entry.actor_role ? translate(`resources.staff.roles.${entry.actor_role}`, { _: entry.actor_role }) : null;
    const name = entry.actor_name ?? entry.actor_label;
    return role ? `${name} (${role.toLocaleLowerCase()})` : name;
  }
  // An API client's label is `api:<name>` (api/auth.ts clientActor).
  if (entry.actor_type === 'api_client')
    return translate('resources.audit.actors.api_client', { name: entry.actor_label.replace(/^api:/, '') });
  return translate('resources.audit.actors.system');
}

/**
 * The entry as a sentence in the console's language (`resources.audit.sentences.<action>`), with the
 * participant and the subject by name and the details it names; a value the entry lacks is a dash.
 * An action without a sentence is named by `resources.audit.actions`, or by its code.
 */
export function auditSentence(entry: AuditEntry, translate: Translate, format: AuditFormat): string {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry.details ?? {})) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'number') params[key] = SIGNED.has(key) && value > 0 ? `+${format.number(value)}` : format.number(value);
    else if (typeof value === 'string') params[key] = DATES.has(key) ? format.date(value) : value;
    else if (typeof value === 'boolean') params[key] = translate(value ? 'resources.audit.yes' : 'resources.audit.no');
  }
  if (entry.action === 'tier.change') {
    params.from = entry.details.from ? format.tier(String(entry.details.from)) : translate('resources.tiers.none');
    params.to = entry.details.to ? format.tier(String(entry.details.to)) : translate('resources.tiers.none');
  }
  if (entry.action === 'staff.create' && typeof entry.details.role === 'string') {
    params.role = translate(`resources.staff.roles.${entry.details.role}`, { _: entry.details.role }).toLocaleLowerCase();
  }
  params.participant = entry.participant_name
    ? `${entry.participant_name.trim()}${entry.participant_email ? ` (${entry.participant_email})` : ''}`
    : '—';
  params.subject = entry.subject_name ?? entry.subject_id;
  const named = translate(`resources.audit.actions.${entry.action}`, { _: entry.action });
  const key = `resources.audit.sentences.${entry.action}`;
  // polyglot leaves a placeholder it has no value for as it is: the template's others get a dash.
  for (const [, name] of translate(key, { _: named }).matchAll(/%\{(\w+)\}/g)) params[name] ??= '—';
  return translate(key, { ...params, _: named });
}
