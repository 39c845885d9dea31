import type { RaRecord, UseGetOneOptions } from 'react-admin';

/**
 * Query options for a show page whose record a workflow is still changing: fetch it again every
 * `everyMs` while `live(record)` holds, and stop once it no longer does.
 */
export const pollWhile = <T extends RaRecord>(live: (record: T | undefined) => boolean, everyMs: number): UseGetOneOptions<T> => ({
  refetchInterval: (query) => (live(query.state.data as T | undefined) ? everyMs : false),
});
