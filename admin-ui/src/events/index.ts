import EventIcon from '@mui/icons-material/Event';
import { lazyPage } from '../shared/lazyPage';
import type { EarningEvent } from '../types';

export default {
  list: lazyPage(() => import('./EventList'), 'EventList'),
  create: lazyPage(() => import('./EventCreate'), 'EventCreate'),
  show: lazyPage(() => import('./EventShow'), 'EventShow'),
  icon: EventIcon,
  recordRepresentation: (event: EarningEvent) => event.title,
};
