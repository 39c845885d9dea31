import ReviewIcon from '@mui/icons-material/FactCheck';
import type { Review } from '../types';
import { ReviewList } from './ReviewList';
import { ReviewShow } from './ReviewShow';

export default {
  list: ReviewList,
  show: ReviewShow,
  icon: ReviewIcon,
  recordRepresentation: (review: Review) => review.participant_name,
};
