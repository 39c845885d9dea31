import { Link } from '@mui/material';
import { LinkBase } from 'react-admin';
import { useFormatters } from '../shared/useFormatters';
import type { ListLink } from './links';

/** A figure of the dashboard, written for the console's language, linking to the list it counts. */
export const FigureLink = ({ value, to, testId, label }: { value: number; to: ListLink; testId: string; label?: string }) => {
  const format = useFormatters();
  return (
    <Link component={LinkBase} to={to} data-testid={testId} aria-label={label} underline="hover">
      {format.number(value)}
    </Link>
  );
};
