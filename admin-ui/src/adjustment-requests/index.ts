import AdjustmentRequestIcon from '@mui/icons-material/Balance';
import { lazyPage } from '../shared/lazyPage';
import type { AdjustmentRequest } from '../types';

export default {
  list: lazyPage(() => import('./AdjustmentRequestList'), 'AdjustmentRequestList'),
  show: lazyPage(() => import('./AdjustmentRequestShow'), 'AdjustmentRequestShow'),
  icon: AdjustmentRequestIcon,
  recordRepresentation: (request: AdjustmentRequest) => `${request.participant_name}: ${request.amount > 0 ? '+' : ''}${request.amount}`,
};
