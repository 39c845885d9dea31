import StaffIcon from '@mui/icons-material/Badge';
import SecurityIcon from '@mui/icons-material/Security';
import { Menu, reactRouterProvider, useTranslate } from 'react-admin';
import { lazyPage } from '../shared/lazyPage';
import type { Staff } from '../types';

export { SecondFactorGate } from './SecondFactorGate';

/** The staff member's own sign-in security (second factor; for admins, the rule for admins): a route of its own. */
export const securityPath = '/security';

const { Route } = reactRouterProvider;

// The page renders inside the Layout (no `noLayout`), whose <Suspense> waits for its chunk.
const SecurityPage = lazyPage(() => import('./SecurityPage'), 'SecurityPage');

/** For `<CustomRoutes>`. */
export const securityRoute = <Route path={securityPath} element={<SecurityPage />} />;

export const SecurityMenuItem = () => {
  const translate = useTranslate();
  return <Menu.Item to={securityPath} primaryText={translate('console.security.menu')} leftIcon={<SecurityIcon />} />;
};

export default {
  list: lazyPage(() => import('./StaffList'), 'StaffList'),
  create: lazyPage(() => import('./StaffCreate'), 'StaffCreate'),
  icon: StaffIcon,
  recordRepresentation: (staff: Staff) => staff.name,
};
