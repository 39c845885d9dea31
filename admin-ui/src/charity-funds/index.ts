import CharityIcon from '@mui/icons-material/VolunteerActivism';
import { lazyPage } from '../shared/lazyPage';
import type { CharityFund } from './types';

/** A3: support reads the funds and their statements; `create` and `edit` are registered for admins only (App). */
export default {
  list: lazyPage(() => import('./CharityFundList'), 'CharityFundList'),
  show: lazyPage(() => import('./CharityFundShow'), 'CharityFundShow'),
  create: lazyPage(() => import('./CharityFundCreate'), 'CharityFundCreate'),
  edit: lazyPage(() => import('./CharityFundEdit'), 'CharityFundEdit'),
  icon: CharityIcon,
  recordRepresentation: (fund: CharityFund) => fund.name,
};
