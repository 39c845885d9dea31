import ApplicationIcon from '@mui/icons-material/Business';
import { lazyPage } from '../shared/lazyPage';
import type { CorporateApplication } from '../types';

export default {
  list: lazyPage(() => import('./ApplicationList'), 'ApplicationList'),
  show: lazyPage(() => import('./ApplicationShow'), 'ApplicationShow'),
  icon: ApplicationIcon,
  recordRepresentation: (application: CorporateApplication) => `№ ${application.number} ${application.legal_name}`,
};
