import { Menu as RaMenu, useResourceDefinitions } from 'react-admin';
import { LedgerMenuItem } from '../ledger';
import { QueueMenuItem } from '../shared/QueueMenuItem';

/** Work queues, each with what waits in it: open items, or orders awaiting a reviewer (R17). */
const queues: Record<string, Record<string, unknown> | undefined> = {
  reviews: undefined,
  claims: undefined,
  incidents: undefined,
  orders: { status: 'awaiting_review' },
  'email-changes': { status: 'awaiting_review' },
};

/** The work queues first; then the other resources this role may see that have a list of their own; then the ledger. */
export const Menu = () => {
  const resources = useResourceDefinitions();
  return (
    <RaMenu>
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
    </RaMenu>
  );
};
