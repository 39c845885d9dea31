import { Admin, LoginWithEmail, Resource } from 'react-admin';
import apiKeys from './api-keys';
import audit from './audit';
import { authProvider } from './authProvider';
import contracts from './contracts';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18nProvider';
import { Layout } from './layout/Layout';
import mail from './mail';
import participants from './participants';
import reviews from './reviews';
import staff from './staff';
import type { StaffRole } from './types';

export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    loginPage={LoginWithEmail}
    requireAuth
    disableTelemetry
  >
    {(permissions: StaffRole | undefined) => (
      <>
        <Resource name="reviews" {...reviews} />
        <Resource name="participants" {...participants} />
        <Resource name="mail" {...mail} />
        <Resource name="contracts" {...contracts} />
        {permissions === 'admin' && (
          <>
            <Resource name="audit" {...audit} />
            <Resource name="staff" {...staff} />
            <Resource name="api-keys" {...apiKeys} />
          </>
        )}
      </>
    )}
  </Admin>
);
