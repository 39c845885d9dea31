import ContractIcon from '@mui/icons-material/Description';
import { lazyPage } from '../shared/lazyPage';
import type { Contract } from '../types';

export default {
  list: lazyPage(() => import('./ContractList'), 'ContractList'),
  icon: ContractIcon,
  recordRepresentation: (contract: Contract) => contract.contract_number,
};
