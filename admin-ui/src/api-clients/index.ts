import ApiClientIcon from '@mui/icons-material/Key';
import { lazyPage } from '../shared/lazyPage';
import type { ApiClientRow } from '../types';

/** API clients with their scopes and keys (admins only, registered in App for admins). */
export default {
  list: lazyPage(() => import('./ApiClientList'), 'ApiClientList'),
  create: lazyPage(() => import('./ApiClientCreate'), 'ApiClientCreate'),
  show: lazyPage(() => import('./ApiClientShow'), 'ApiClientShow'),
  edit: lazyPage(() => import('./ApiClientEdit'), 'ApiClientEdit'),
  icon: ApiClientIcon,
  recordRepresentation: (client: ApiClientRow) => client.name,
};
