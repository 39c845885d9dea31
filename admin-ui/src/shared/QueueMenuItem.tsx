import { Badge } from '@mui/material';
import { createElement } from 'react';
import { Menu, useGetList, useResourceDefinition, useTranslate } from 'react-admin';

/**
 * A work queue's menu entry (reviews, claims, incidents, orders), with the number of items waiting
 * on its icon: those matching `waiting` (by default, status open).
 */
export const QueueMenuItem = ({ resource, waiting = { status: 'open' } }: { resource: string; waiting?: Record<string, unknown> }) => {
  const translate = useTranslate();
  const { icon } = useResourceDefinition({ resource });
  const { total } = useGetList(resource, {
    filter: waiting,
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
