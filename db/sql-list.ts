/**
 * A set of values defined once in code (the status sets in workflows/messages/), written into SQL as
 * a literal list: `status IN ${sqlList(OPEN_ORDER_STATUSES)}`. For such constants only, never input.
 */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
}
