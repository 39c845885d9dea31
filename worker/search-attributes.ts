/**
 * The custom search attributes the workflows set (upsertSearchAttributes) must exist in the namespace,
 * or every workflow task that sets one fails, again and again, without a word to an operator. So the
 * worker makes sure of them at start, before it takes work: it lists the namespace's attributes, adds
 * the missing ones (idempotent: a second worker, or a second start, finds them there), and when it may
 * not add them (a server that refuses operator calls to this client) it stops, naming what is missing
 * and the command that registers it.
 */
import type { NativeConnection } from '@temporalio/worker';
import { SearchAttributeType } from '@temporalio/common';
import { MemberNumber, ParticipantEmail, ParticipantStatus, ParticipantTier } from '../workflows/messages/participant.js';

/** Every custom search attribute a workflow of this program sets (workflows/messages/). */
export const REQUIRED_SEARCH_ATTRIBUTES = [ParticipantEmail, MemberNumber, ParticipantStatus, ParticipantTier] as const;

/** temporal.api.enums.v1.IndexedValueType, by the SDK's names. */
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};
/** The CLI's names of the types, for the command we print. */
const CLI_TYPE: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};
const typeName = (indexed: number | undefined) =>
  (Object.keys(INDEXED_VALUE_TYPE) as SearchAttributeType[]).find((t) => INDEXED_VALUE_TYPE[t] === indexed) ?? `type ${indexed}`;

interface Gap {
  missing: Array<{ name: string; type: SearchAttributeType }>;
  wrongType: string[];
}

async function gaps(connection: NativeConnection, namespace: string): Promise<Gap> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = (customAttributes ?? {}) as Record<string, number>;
  const gap: Gap = { missing: [], wrongType: [] };
  for (const key of REQUIRED_SEARCH_ATTRIBUTES) {
    const found = existing[key.name];
    if (found === undefined) gap.missing.push({ name: key.name, type: key.type });
    else if (found !== INDEXED_VALUE_TYPE[key.type])
      gap.wrongType.push(`${key.name} is ${typeName(found)}, the workflows need ${key.type}`);
  }
  return gap;
}

/** Resolves once every required attribute exists with its type; otherwise throws a message for an operator. */
export async function ensureSearchAttributes(
  connection: NativeConnection,
  namespace: string,
  log: (message: string) => void,
): Promise<void> {
  const gap = await gaps(connection, namespace);
  if (gap.wrongType.length > 0) {
    throw new Error(
      `namespace ${namespace} has search attributes of the wrong type: ${gap.wrongType.join('; ')}. A search attribute's type cannot change: rename or remove it on the server.`,
    );
  }
  if (gap.missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(gap.missing.map((a) => [a.name, INDEXED_VALUE_TYPE[a.type]])),
    });
    log(`registered the search attributes ${gap.missing.map((a) => a.name).join(', ')} in namespace ${namespace}`);
  } catch (err) {
    // Another worker may have added them meanwhile: look again before calling it a failure.
    const now = await gaps(connection, namespace);
    if (now.missing.length === 0 && now.wrongType.length === 0) return;
    const command =
      `temporal operator search-attribute create --namespace ${namespace} ` +
      now.missing.map((a) => `--name ${a.name} --type ${CLI_TYPE[a.type]}`).join(' ');
    throw new Error(
      `namespace ${namespace} lacks the search attributes the workflows set: ${now.missing.map((a) => `${a.name} (${a.type})`).join(', ')}, ` +
        `and this worker may not add them (${(err as Error).message}). Register them, then start the worker again: ${command}`,
      { cause: err },
    );
  }
}
