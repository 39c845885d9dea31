/** Whether a string can be a row id (a uuid): anything else names no row, and PostgreSQL would refuse it. */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
