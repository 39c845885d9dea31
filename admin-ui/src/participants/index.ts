import ParticipantIcon from '@mui/icons-material/People';
import { lazyPage } from '../shared/lazyPage';
import type { Participant } from '../types';

export default {
  list: lazyPage(() => import('./ParticipantList'), 'ParticipantList'),
  show: lazyPage(() => import('./ParticipantShow'), 'ParticipantShow'),
  icon: ParticipantIcon,
  recordRepresentation: (participant: Participant) => `${participant.first_name} ${participant.last_name}`,
};
