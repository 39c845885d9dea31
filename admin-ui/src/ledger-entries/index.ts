import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { LedgerEntryList } from './LedgerEntryList';

/** Every participant's ledger entries (read-only): the list behind the dashboard's points. */
export default {
  list: LedgerEntryList,
  icon: ReceiptLongIcon,
};
