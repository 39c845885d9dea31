import { Admin, CustomRoutes, Resource } from 'react-admin';
import adjustmentRequests from './adjustment-requests';
import apiClients from './api-clients';
import applications from './applications';
import audit from './audit';
import { authProvider } from './authProvider';
import catalog from './catalog';
import charityFunds from './charity-funds';
import claims from './claims';
import contracts from './contracts';
import { Dashboard } from './dashboard';
import { dataProvider } from './dataProvider';
import emailChanges from './email-changes';
import events from './events';
import { i18nProvider } from './i18nProvider';
import incidents from './incidents';
import { Layout } from './layout/Layout';
import { ledgerRoute } from './ledger';
import ledgerEntries from './ledger-entries';
import { LoginPage } from './login/LoginPage';
import mail from './mail';
import orders from './orders';
import participants from './participants';
import partners from './partners';
import reports from './reports';
import reviews from './reviews';
import staff, { securityRoute } from './staff';
import terms from './terms';
import type { StaffRole } from './types';
import { hasRole } from '../../rules/staff-roles';

export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    dashboard={Dashboard}
    layout={Layout}
    loginPage={LoginPage}
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
        {/* A7: managers decide organisations' applications (and admins, who may do everything). */}
        {hasRole(permissions, 'manager') && <Resource name="applications" {...applications} />}
        <Resource name="adjustment-requests" {...adjustmentRequests} />
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
        {/* A3: support reads the charity funds and their statements; only admins add and edit funds. */}
        <Resource
          name="charity-funds"
          {...charityFunds}
          create={permissions === 'admin' ? charityFunds.create : undefined}
          edit={permissions === 'admin' ? charityFunds.edit : undefined}
        />
        <Resource name="donations" />
        {/* A2: support reads the partners, their accruals and statements; only admins add and edit partners. */}
        <Resource
          name="partners"
          {...partners}
          create={permissions === 'admin' ? partners.create : undefined}
          edit={permissions === 'admin' ? partners.edit : undefined}
        />
        <Resource name="partner-accruals" />
        <Resource name="mail" {...mail} />
        {/* The list behind the dashboard's points. */}
        <Resource name="ledger-entries" {...ledgerEntries} />
        <Resource name="contracts" {...contracts} />
        {permissions === 'admin' && (
          <>
            <Resource name="terms" {...terms} />
            <Resource name="audit" {...audit} />
            <Resource name="staff" {...staff} />
            <Resource name="api-clients" {...apiClients} />
          </>
        )}
        <CustomRoutes>
          {ledgerRoute}
          {securityRoute}
        </CustomRoutes>
      </>
    )}
  </Admin>
);
