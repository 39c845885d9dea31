import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRefresh, type Identifier } from 'react-admin';
import { apiErrorCode, type ConsoleDataProvider } from '../dataProvider';
import type { ReviewDecision } from '../types';

/** Sends a reviewer's decision and says how it went; `onDecided` runs once the review is decided. */
export function useDecideReview(onDecided?: () => void) {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, decision }: { id: Identifier; decision: ReviewDecision }) => dataProvider.decideReview(id, decision),
    onSuccess: (decided) => {
      notify(`resources.reviews.notifications.${decided.status}`, { type: 'success' });
      onDecided?.();
      refresh();
    },
    onError: (error) => {
      if (apiErrorCode(error) === 'review_already_decided') {
        notify('resources.reviews.notifications.already_decided', { type: 'warning' });
        onDecided?.();
        refresh();
      } else {
        notify(error.message, { type: 'error' });
      }
    },
  });
}
