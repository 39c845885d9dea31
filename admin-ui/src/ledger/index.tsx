import LedgerIcon from '@mui/icons-material/AccountBalance';
import { Menu, reactRouterProvider, useTranslate } from 'react-admin';
import { lazyPage } from '../shared/lazyPage';

/** The ledger page is no resource of the API: a route of its own. */
export const ledgerPath = '/ledger';

const { Route } = reactRouterProvider;

// The page renders inside the Layout (no `noLayout`), whose <Suspense> waits for its chunk.
const LedgerPage = lazyPage(() => import('./LedgerPage'), 'LedgerPage');

/** For `<CustomRoutes>`. */
export const ledgerRoute = <Route path={ledgerPath} element={<LedgerPage />} />;

export const LedgerMenuItem = () => {
  const translate = useTranslate();
  return <Menu.Item to={ledgerPath} primaryText={translate('console.ledger.menu')} leftIcon={<LedgerIcon />} />;
};
