import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';

/** Where the Temporal Web UI is, as the API is configured. */
export function useSettings() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useQuery({ queryKey: ['settings'], queryFn: () => dataProvider.settings(), staleTime: Infinity }).data;
}
