import MailIcon from '@mui/icons-material/Mail';
import type { Mail } from '../types';
import { MailList } from './MailList';
import { MailShow } from './MailShow';

export default {
  list: MailList,
  show: MailShow,
  icon: MailIcon,
  recordRepresentation: (mail: Mail) => mail.subject,
};
