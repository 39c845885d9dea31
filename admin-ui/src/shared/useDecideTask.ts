import { useDataProvider, type Identifier, type RaRecord } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import type { TaskDecision } from '../types';
import type { TaskDefinition } from './decisions';
import { useConsoleAction } from './useConsoleAction';

/** Sends a reviewer's decision on a task and says how it went; someone else deciding first is a warning, not an error. */
export function useDecideTask<T extends RaRecord>(task: TaskDefinition<T>) {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useConsoleAction({
    mutationFn: ({ id, decision }: { id: Identifier; decision: TaskDecision }) => task.decide(dataProvider, id, decision),
    success: task.decided,
    stale: task.stale,
  });
}
