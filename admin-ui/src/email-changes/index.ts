import EmailChangeIcon from '@mui/icons-material/AlternateEmail';
import { lazyPage } from '../shared/lazyPage';
import type { EmailChange } from '../types';

export default {
  list: lazyPage(() => import('./EmailChangeList'), 'EmailChangeList'),
  show: lazyPage(() => import('./EmailChangeShow'), 'EmailChangeShow'),
  icon: EmailChangeIcon,
  recordRepresentation: (request: EmailChange) => `${request.participant_name}: ${request.new_email}`,
};
