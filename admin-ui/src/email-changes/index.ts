import EmailChangeIcon from '@mui/icons-material/AlternateEmail';
import type { EmailChange } from '../types';
import { EmailChangeList } from './EmailChangeList';
import { EmailChangeShow } from './EmailChangeShow';

export default {
  list: EmailChangeList,
  show: EmailChangeShow,
  icon: EmailChangeIcon,
  recordRepresentation: (request: EmailChange) => `${request.participant_name}: ${request.new_email}`,
};
