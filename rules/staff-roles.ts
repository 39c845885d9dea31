/**
 * The console's staff roles, from least to most: each may do everything the roles before it may.
 *
 *  - support: the daily queues: registrations to review (R4), claims, orders, email changes,
 *    participants, events and reports;
 *  - manager: everything support does, and decides organisations' applications to join (A7),
 *    whose approval writes the agency into the contract registry (R4), which support cannot touch;
 *  - admin: everything, including the terms, staff, API clients and the registry import.
 *
 * A route names the least role it needs (api/route-access.ts `staffRole`). Pure, no imports: the
 * console bundles it to decide what to show.
 */
export const STAFF_ROLES = ['support', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const isStaffRole = (value: string): value is StaffRole => (STAFF_ROLES as readonly string[]).includes(value);

/** Whether a staff member with `held` may do what needs at least `least`. */
export const hasRole = (held: string | undefined, least: StaffRole): boolean =>
  held !== undefined && isStaffRole(held) && STAFF_ROLES.indexOf(held) >= STAFF_ROLES.indexOf(least);
