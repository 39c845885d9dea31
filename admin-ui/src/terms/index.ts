import TermsIcon from '@mui/icons-material/Gavel';
import type { TermsVersion } from '../types';
import { TermsCreate } from './TermsCreate';
import { TermsList } from './TermsList';

export default {
  list: TermsList,
  create: TermsCreate,
  icon: TermsIcon,
  recordRepresentation: (version: TermsVersion) => version.reason,
};
