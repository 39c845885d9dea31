import { Badge } from '@mui/material';
import { createElement } from 'react';
import { Menu, useGetList, useResourceDefinition, useTranslate } from 'react-admin';
import type { Review } from '../types';

/** The review queue's menu entry, with the number of open reviews on its icon. */
export const ReviewQueueMenuItem = () => {
  const translate = useTranslate();
  const { icon } = useResourceDefinition({ resource: 'reviews' });
  const { total } = useGetList<Review>('reviews', {
    filter: { status: 'open' },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'created_at', order: 'ASC' },
  });
  return (
    <Menu.Item
      to="/reviews"
      primaryText={translate('resources.reviews.name', { smart_count: 2 })}
      leftIcon={
        <Badge badgeContent={total} color="error" max={99}>
          {icon && createElement(icon)}
        </Badge>
      }
    />
  );
};
