import { Admin, CustomRoutes, LoginWithEmail, Resource } from 'react-admin';
import apiKeys from './api-keys';
import audit from './audit';
import { authProvider } from './authProvider';
import catalog from './catalog';
import claims from './claims';
import contracts from './contracts';
import { dataProvider } from './dataProvider';
import emailChanges from './email-changes';
import events from './events';
import { i18nProvider } from './i18nProvider';
import incidents from './incidents';
import { Layout } from './layout/Layout';
import { ledgerRoute } from './ledger';
import mail from './mail';
import orders from './orders';
import participants from './participants';
import reports from './reports';
import reviews from './reviews';
import staff from './staff';
import terms from './terms';
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
        <Resource name="events" {...events} />
        <Resource name="claims" {...claims} />
        <Resource name="email-changes" {...emailChanges} />
        <Resource name="incidents" {...incidents} />
        <Resource name="reports" {...reports} />
        <Resource name="outcomes" />
        <Resource name="orders" {...orders} />
        {/* Support reads the catalog; only admins create and edit items (R15). */}
        <Resource
          name="catalog"
          {...catalog}
          create={permissions === 'admin' ? catalog.create : undefined}
          edit={permissions === 'admin' ? catalog.edit : undefined}
        />
        <Resource name="mail" {...mail} />
        <Resource name="contracts" {...contracts} />
        {permissions === 'admin' && (
          <>
            <Resource name="terms" {...terms} />
            <Resource name="audit" {...audit} />
            <Resource name="staff" {...staff} />
            <Resource name="api-keys" {...apiKeys} />
          </>
        )}
        <CustomRoutes>{ledgerRoute}</CustomRoutes>
      </>
    )}
  </Admin>
);
