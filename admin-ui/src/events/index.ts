import EventIcon from '@mui/icons-material/Event';
import type { EarningEvent } from '../types';
import { EventCreate } from './EventCreate';
import { EventList } from './EventList';
import { EventShow } from './EventShow';

export default {
  list: EventList,
  create: EventCreate,
  show: EventShow,
  icon: EventIcon,
  recordRepresentation: (event: EarningEvent) => event.title,
};
