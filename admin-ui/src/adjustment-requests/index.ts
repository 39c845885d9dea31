import AdjustmentRequestIcon from '@mui/icons-material/Balance';
import type { AdjustmentRequest } from '../types';
import { AdjustmentRequestList } from './AdjustmentRequestList';
import { AdjustmentRequestShow } from './AdjustmentRequestShow';

export default {
  list: AdjustmentRequestList,
  show: AdjustmentRequestShow,
  icon: AdjustmentRequestIcon,
  recordRepresentation: (request: AdjustmentRequest) => `${request.participant_name}: ${request.amount > 0 ? '+' : ''}${request.amount}`,
};
