import { useDataProvider, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { ReviewDecision } from '../types';

/** Sends a reviewer's decision and says how it went. */
export function useDecideReview() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useConsoleAction({
    mutationFn: ({ id, decision }: { id: Identifier; decision: ReviewDecision }) => dataProvider.decideReview(id, decision),
    success: (decided) => `resources.reviews.notifications.${decided.status}`,
    stale: { code: 'review_already_decided', message: 'resources.reviews.notifications.already_decided' },
  });
}
