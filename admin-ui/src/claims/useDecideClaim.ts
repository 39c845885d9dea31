import { useDataProvider, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { ClaimDecision } from '../types';

/** Sends a reviewer's decision on a claim (A4); an approval credits the event's points once (R12). */
export function useDecideClaim() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useConsoleAction({
    mutationFn: ({ id, decision }: { id: Identifier; decision: ClaimDecision }) => dataProvider.decideClaim(id, decision),
    success: (decided) => `resources.claims.notifications.${decided.status}`,
    stale: { code: 'claim_already_decided', message: 'resources.claims.notifications.already_decided' },
  });
}
