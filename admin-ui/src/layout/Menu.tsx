import { Menu as RaMenu, useResourceDefinitions } from 'react-admin';
import { QueueMenuItem } from '../shared/QueueMenuItem';

/** Work queues, each with its open count. */
const queues = ['reviews', 'claims', 'incidents'];

/** The work queues first; then the other resources this role may see that have a list of their own. */
export const Menu = () => {
  const resources = useResourceDefinitions();
  return (
    <RaMenu>
      {queues
        .filter((name) => resources[name])
        .map((name) => (
          <QueueMenuItem key={name} resource={name} />
        ))}
      {Object.values(resources)
        .filter(({ name, hasList }) => hasList && !queues.includes(name))
        .map(({ name }) => (
          <RaMenu.ResourceItem key={name} name={name} />
        ))}
    </RaMenu>
  );
};
