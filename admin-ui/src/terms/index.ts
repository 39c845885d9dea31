import TermsIcon from '@mui/icons-material/Gavel';
import { lazyPage } from '../shared/lazyPage';
import type { TermsVersion } from '../types';

export default {
  list: lazyPage(() => import('./TermsList'), 'TermsList'),
  create: lazyPage(() => import('./TermsCreate'), 'TermsCreate'),
  icon: TermsIcon,
  recordRepresentation: (version: TermsVersion) => version.reason,
};
