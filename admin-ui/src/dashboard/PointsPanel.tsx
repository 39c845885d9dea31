import { Table, TableBody, TableCell, TableHead, TableRow, useTheme } from '@mui/material';
import { useNavigate, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FigureLink } from './FigureLink';
import { flowLink } from './links';
import { Panel } from './Panel';
import type { LedgerFlow, MonthPoints } from './types';
import { useChartFormat } from './useChartFormat';

/**
 * Points credited, spent, donated, expired and annulled per month (UTC): each bar and each figure
 * opens the ledger entries it sums.
 */
export const PointsPanel = ({ points, flows }: { points: MonthPoints[]; flows: LedgerFlow[] }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const format = useChartFormat();
  const { palette } = useTheme();
  const colors: Record<LedgerFlow, string> = {
    credited: palette.success.main,
    spent: palette.info.main,
    donated: palette.secondary.main,
    expired: palette.grey[500],
    annulled: palette.warning.main,
  };
  const flowName = (flow: LedgerFlow) => translate(`console.dashboard.flows.${flow}`);
  return (
    <Panel title="console.dashboard.points.title" hint="console.dashboard.points.hint" testId="dashboard-points">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={points} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tickFormatter={format.shortMonth} />
          <YAxis tickFormatter={(n: number) => format.number(n)} width={72} />
          <Tooltip formatter={(value) => format.number(Number(value))} labelFormatter={(month) => format.month(String(month))} />
          <Legend itemSorter={null} />
          {flows.map((flow) => (
            <Bar
              key={flow}
              dataKey={flow}
              name={flowName(flow)}
              fill={colors[flow]}
              cursor="pointer"
              onClick={(item) => navigate(flowLink(flow, (item.payload as MonthPoints).month))}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <Table size="small" sx={{ mt: 2 }} aria-label={translate('console.dashboard.points.table')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('console.dashboard.month')}</TableCell>
            {flows.map((flow) => (
              <TableCell key={flow} align="right">
                {flowName(flow)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {[...points].reverse().map((row) => (
            <TableRow key={row.month}>
              <TableCell component="th" scope="row">
                {format.month(row.month)}
              </TableCell>
              {flows.map((flow) => (
                <TableCell key={flow} align="right">
                  <FigureLink
                    value={row[flow]}
                    to={flowLink(flow, row.month)}
                    testId={`points-${flow}-${row.month}`}
                    label={`${flowName(flow)}, ${format.month(row.month)}: ${format.number(row[flow])}`}
                  />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Panel>
  );
};
