import ApplicationIcon from '@mui/icons-material/Business';
import type { CorporateApplication } from '../types';
import { ApplicationList } from './ApplicationList';
import { ApplicationShow } from './ApplicationShow';

export default {
  list: ApplicationList,
  show: ApplicationShow,
  icon: ApplicationIcon,
  recordRepresentation: (application: CorporateApplication) => `№ ${application.number} ${application.legal_name}`,
};
