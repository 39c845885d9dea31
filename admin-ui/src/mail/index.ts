import MailIcon from '@mui/icons-material/Mail';
import { lazyPage } from '../shared/lazyPage';
import type { Mail } from '../types';

export default {
  list: lazyPage(() => import('./MailList'), 'MailList'),
  show: lazyPage(() => import('./MailShow'), 'MailShow'),
  icon: MailIcon,
  recordRepresentation: (mail: Mail) => mail.subject,
};
