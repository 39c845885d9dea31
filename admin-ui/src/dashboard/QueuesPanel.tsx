import { Table, TableBody, TableCell, TableHead, TableRow, useTheme } from '@mui/material';
import { useNavigate, useResourceDefinitions, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FigureLink } from './FigureLink';
import { queueLink } from './links';
import { Panel } from './Panel';
import type { QueueFigure } from './types';
import { useChartFormat } from './useChartFormat';

/**
 * The work queues: how many items wait in each, and for how long the oldest has; each count opens
 * the queue, oldest first. Only the queues this role has (a manager's applications, A7).
 */
export const QueuesPanel = ({ queues }: { queues: QueueFigure[] }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const format = useChartFormat();
  const resources = useResourceDefinitions();
  const { palette } = useTheme();
  const shown = queues.filter((q) => resources[q.queue]);
  const name = (queue: string) => translate(`resources.${queue}.name`, { smart_count: 2 });
  const data = shown.map((q) => ({ ...q, name: name(q.queue) }));
  return (
    <Panel title="console.dashboard.queues.title" hint="console.dashboard.queues.hint" testId="dashboard-queues">
      <ResponsiveContainer width="100%" height={40 + 32 * data.length}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={180} />
          <Tooltip formatter={(value) => format.number(Number(value))} />
          <Bar
            dataKey="waiting"
            name={translate('console.dashboard.queues.waiting')}
            fill={palette.error.main}
            cursor="pointer"
            onClick={(item) => navigate(queueLink((item.payload as QueueFigure).queue))}
          />
        </BarChart>
      </ResponsiveContainer>
      <Table size="small" sx={{ mt: 2 }} aria-label={translate('console.dashboard.queues.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('console.dashboard.queues.queue')}</TableCell>
            <TableCell align="right">{translate('console.dashboard.queues.waiting')}</TableCell>
            <TableCell align="right">{translate('console.dashboard.queues.oldest')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((q) => (
            <TableRow key={q.queue}>
              <TableCell component="th" scope="row">
                {name(q.queue)}
              </TableCell>
              <TableCell align="right">
                <FigureLink value={q.waiting} to={queueLink(q.queue)} testId={`queue-${q.queue}-waiting`} />
              </TableCell>
              <TableCell align="right" data-testid={`queue-${q.queue}-oldest`} title={q.oldest_at ?? undefined}>
                {q.oldest_seconds === null ? '—' : format.age(q.oldest_seconds)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Panel>
  );
};
