import { Menu as RaMenu, useResourceDefinitions } from 'react-admin';
import { ReviewQueueMenuItem } from '../reviews/ReviewQueueMenuItem';

/** The review queue first, with its open count; then the other resources this role may see. */
export const Menu = () => {
  const resources = useResourceDefinitions();
  return (
    <RaMenu>
      <ReviewQueueMenuItem />
      {Object.keys(resources)
        .filter((name) => name !== 'reviews')
        .map((name) => (
          <RaMenu.ResourceItem key={name} name={name} />
        ))}
    </RaMenu>
  );
};
