/**
 * The TypeScript types generated from the API documents (issue 14) are what the documents give now:
 * the committed api/generated/*.d.ts are regenerated (scripts/openapi-types.ts) whenever a route or a
 * schema changes, so integrators (/api/client-api.d.ts) and the console (admin-ui/src/types.ts) never
 * read stale types.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES, generateTypes, type Api } from '../../scripts/openapi-types.js';

describe('the generated API types', () => {
  it.each(['client', 'staff'] as Api[])('the %s API types are committed as scripts/openapi-types.ts generates them now', async (api) => {
    const committed = await readFile(GENERATED_TYPES[api], 'utf8');
    expect(committed === (await generateTypes(api)), `${GENERATED_TYPES[api]} is stale: run npm run openapi:types`).toBe(true);
  });

  it("the client API's types name its schemas and operations, camelCase and told apart by contractPath", async () => {
    const types = await readFile(GENERATED_TYPES.client, 'utf8');
    expect(types).toContain('export interface paths');
    expect(types).toContain('export interface operations');
    expect(types).toMatch(/export type RegistrationRequest = components\['schemas'\]\['RegistrationRequest'\]/);
    expect(types).toMatch(/contractPath: 'intermediary'/);
  });
});
