import LedgerIcon from '@mui/icons-material/AccountBalance';
import { Menu, reactRouterProvider, useTranslate } from 'react-admin';
import { LedgerPage } from './LedgerPage';

/** The ledger page is no resource of the API: a route of its own. */
export const ledgerPath = '/ledger';

const { Route } = reactRouterProvider;

/** For `<CustomRoutes>`. */
export const ledgerRoute = <Route path={ledgerPath} element={<LedgerPage />} />;

export const LedgerMenuItem = () => {
  const translate = useTranslate();
  return <Menu.Item to={ledgerPath} primaryText={translate('console.ledger.menu')} leftIcon={<LedgerIcon />} />;
};
