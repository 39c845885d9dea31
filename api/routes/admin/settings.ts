/** What the console needs to start: where the Temporal Web UI is, and the settings it shows. */
import type { Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, routesOf } from '../../route-table.js';
import { record } from '../../staff-answers.js';

export const staffSettingsRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/settings': {
    access: staffRole('support'),
    tag: 'Console',
    summary: "The console's settings: the Temporal Web UI's address and namespace, the four-eyes limit",
    responses: { 200: record('`{ temporalUiUrl, namespace, fourEyesAdjustmentLimit }`', 'The settings') },
  },
});

export function staffSettingsRouter(deps: ApiDeps): Router {
  const router = routesOf(staffSettingsRoutes, deps);
  router.on('GET /admin/api/settings', (_in, _req, res) => {
    res.json({
      temporalUiUrl: deps.config.temporalUiUrl,
      namespace: deps.config.temporalNamespace,
      fourEyesAdjustmentLimit: deps.config.fourEyesAdjustmentLimit,
    });
  });
  return router.done();
}
