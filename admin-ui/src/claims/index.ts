import ClaimIcon from '@mui/icons-material/ContactSupport';
import type { Claim } from '../types';
import { ClaimCreate } from './ClaimCreate';
import { ClaimList } from './ClaimList';
import { ClaimShow } from './ClaimShow';
import { claimSubject } from './claimTask';

export default {
  list: ClaimList,
  show: ClaimShow,
  create: ClaimCreate,
  icon: ClaimIcon,
  recordRepresentation: (claim: Claim) => `${claim.participant_name}: ${claimSubject(claim)}`,
};
