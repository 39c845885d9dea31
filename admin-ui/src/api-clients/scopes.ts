import { API_SCOPES } from '../../../rules/api-scopes';

/** The scopes an admin grants a client (rules/api-scopes.ts), named in the console's words. */
export const scopeChoices = API_SCOPES.map((id) => ({ id, name: `resources.api-clients.scopes.${id}` }));
