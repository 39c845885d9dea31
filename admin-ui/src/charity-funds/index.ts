import CharityIcon from '@mui/icons-material/VolunteerActivism';
import { CharityFundCreate } from './CharityFundCreate';
import { CharityFundEdit } from './CharityFundEdit';
import { CharityFundList } from './CharityFundList';
import { CharityFundShow } from './CharityFundShow';
import type { CharityFund } from './types';

/** A3: support reads the funds and their statements; `create` and `edit` are registered for admins only (App). */
export default {
  list: CharityFundList,
  show: CharityFundShow,
  create: CharityFundCreate,
  edit: CharityFundEdit,
  icon: CharityIcon,
  recordRepresentation: (fund: CharityFund) => fund.name,
};
