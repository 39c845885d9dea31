import AuditIcon from '@mui/icons-material/History';
import { lazyPage } from '../shared/lazyPage';

export default {
  list: lazyPage(() => import('./AuditList'), 'AuditList'),
  icon: AuditIcon,
};
