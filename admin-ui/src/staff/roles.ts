import type { StaffRole } from '../types';

export const staffRoles: { id: StaffRole; name: string }[] = [
  { id: 'support', name: 'resources.staff.roles.support' },
  { id: 'manager', name: 'resources.staff.roles.manager' },
  { id: 'admin', name: 'resources.staff.roles.admin' },
];
