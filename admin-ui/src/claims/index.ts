import ClaimIcon from '@mui/icons-material/ContactSupport';
import { lazyPage } from '../shared/lazyPage';
import type { Claim } from '../types';
import { claimSubject } from './claimTask';

export default {
  list: lazyPage(() => import('./ClaimList'), 'ClaimList'),
  show: lazyPage(() => import('./ClaimShow'), 'ClaimShow'),
  create: lazyPage(() => import('./ClaimCreate'), 'ClaimCreate'),
  icon: ClaimIcon,
  recordRepresentation: (claim: Claim) => `${claim.participant_name}: ${claimSubject(claim)}`,
};
