import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { lazyPage } from '../shared/lazyPage';

/** Every participant's ledger entries (read-only): the list behind the dashboard's points. */
export default {
  list: lazyPage(() => import('./LedgerEntryList'), 'LedgerEntryList'),
  icon: ReceiptLongIcon,
};
