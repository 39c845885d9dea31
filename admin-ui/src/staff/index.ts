import StaffIcon from '@mui/icons-material/Badge';
import type { Staff } from '../types';
import { StaffCreate } from './StaffCreate';
import { StaffList } from './StaffList';

export default {
  list: StaffList,
  create: StaffCreate,
  icon: StaffIcon,
  recordRepresentation: (staff: Staff) => staff.name,
};
