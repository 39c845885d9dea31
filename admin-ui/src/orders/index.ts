import OrderIcon from '@mui/icons-material/ShoppingCart';
import { lazyPage } from '../shared/lazyPage';
import type { Order } from '../types';

export default {
  list: lazyPage(() => import('./OrderList'), 'OrderList'),
  show: lazyPage(() => import('./OrderShow'), 'OrderShow'),
  icon: OrderIcon,
  recordRepresentation: (order: Order) => `${order.participant_name}: ${order.item_title} × ${order.quantity}`,
};
