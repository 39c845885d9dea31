import { Badge } from '@mui/material';
import { createElement } from 'react';
import { Menu, useGetList, useResourceDefinition, useTranslate } from 'react-admin';

/** A work queue's menu entry (reviews, claims, incidents), with the number of open items on its icon. */
export const QueueMenuItem = ({ resource }: { resource: string }) => {
  const translate = useTranslate();
  const { icon } = useResourceDefinition({ resource });
  const { total } = useGetList(resource, {
    filter: { status: 'open' },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'created_at', order: 'ASC' },
  });
  return (
    <Menu.Item
      to={`/${resource}`}
      primaryText={translate(`resources.${resource}.name`, { smart_count: 2 })}
      leftIcon={
        <Badge badgeContent={total} color="error" max={99}>
          {icon && createElement(icon)}
        </Badge>
      }
    />
  );
};
