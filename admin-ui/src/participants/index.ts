import ParticipantIcon from '@mui/icons-material/People';
import type { Participant } from '../types';
import { ParticipantList } from './ParticipantList';
import { ParticipantShow } from './ParticipantShow';

export default {
  list: ParticipantList,
  show: ParticipantShow,
  icon: ParticipantIcon,
  recordRepresentation: (participant: Participant) => `${participant.first_name} ${participant.last_name}`,
};
