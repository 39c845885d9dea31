import PartnerIcon from '@mui/icons-material/Handshake';
import { PartnerCreate } from './PartnerCreate';
import { PartnerEdit } from './PartnerEdit';
import { PartnerList } from './PartnerList';
import { PartnerShow } from './PartnerShow';
import type { Partner } from './types';

/** A2: support reads the partners, their accruals and statements; `create` and `edit` are registered for admins only (App). */
export default {
  list: PartnerList,
  show: PartnerShow,
  create: PartnerCreate,
  edit: PartnerEdit,
  icon: PartnerIcon,
  recordRepresentation: (partner: Partner) => partner.name,
};
