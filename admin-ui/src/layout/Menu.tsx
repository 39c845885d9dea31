import { Menu as RaMenu, useGetIdentity, useResourceDefinitions } from 'react-admin';
import { LedgerMenuItem } from '../ledger';
import { SecurityMenuItem } from '../staff';
import { QueueMenuItem } from '../shared/QueueMenuItem';

/** Work queues, each with what waits in it: open items, or orders awaiting a reviewer (R17). */
const queues: Record<string, Record<string, unknown> | undefined> = {
  reviews: undefined,
  claims: undefined,
  incidents: undefined,
  orders: { status: 'awaiting_review' },
  'email-changes': { status: 'awaiting_review' },
  applications: { status: 'awaiting_review' },
  'adjustment-requests': { status: 'pending' },
};

/** The work queues first; then the other resources this role may see that have a list of their own; then the ledger. */
export const Menu = () => {
  const resources = useResourceDefinitions();
  const { identity, isPending } = useGetIdentity();
  // An admin who must set up a second factor first has nothing else to open meanwhile.
  if (isPending || identity?.mustEnrolSecondFactor) {
    return (
      <RaMenu>
        <SecurityMenuItem />
      </RaMenu>
    );
  }
  return (
    <RaMenu>
      <RaMenu.DashboardItem primaryText="console.dashboard.title" />
      {Object.entries(queues)
        .filter(([name]) => resources[name])
        .map(([name, waiting]) => (
          <QueueMenuItem key={name} resource={name} waiting={waiting} />
        ))}
      {Object.values(resources)
        .filter(({ name, hasList }) => hasList && !(name in queues))
        .map(({ name }) => (
          <RaMenu.ResourceItem key={name} name={name} />
        ))}
      <LedgerMenuItem />
      <SecurityMenuItem />
    </RaMenu>
  );
};
