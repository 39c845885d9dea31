import ReviewIcon from '@mui/icons-material/FactCheck';
import { lazyPage } from '../shared/lazyPage';
import type { Review } from '../types';

export default {
  list: lazyPage(() => import('./ReviewList'), 'ReviewList'),
  show: lazyPage(() => import('./ReviewShow'), 'ReviewShow'),
  icon: ReviewIcon,
  recordRepresentation: (review: Review) => review.participant_name,
};
