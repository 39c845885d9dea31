import PartnerIcon from '@mui/icons-material/Handshake';
import { lazyPage } from '../shared/lazyPage';
import type { Partner } from './types';

/** A2: support reads the partners, their accruals and statements; `create` and `edit` are registered for admins only (App). */
export default {
  list: lazyPage(() => import('./PartnerList'), 'PartnerList'),
  show: lazyPage(() => import('./PartnerShow'), 'PartnerShow'),
  create: lazyPage(() => import('./PartnerCreate'), 'PartnerCreate'),
  edit: lazyPage(() => import('./PartnerEdit'), 'PartnerEdit'),
  icon: PartnerIcon,
  recordRepresentation: (partner: Partner) => partner.name,
};
