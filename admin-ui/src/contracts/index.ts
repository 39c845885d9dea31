import ContractIcon from '@mui/icons-material/Description';
import type { Contract } from '../types';
import { ContractList } from './ContractList';

export default {
  list: ContractList,
  icon: ContractIcon,
  recordRepresentation: (contract: Contract) => contract.contract_number,
};
