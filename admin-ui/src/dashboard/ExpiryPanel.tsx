import { Table, TableBody, TableCell, TableHead, TableRow, useTheme } from '@mui/material';
import { useNavigate, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FigureLink } from './FigureLink';
import { expiringLink } from './links';
import { Panel } from './Panel';
import type { MonthExpiry } from './types';
import { useChartFormat } from './useChartFormat';

/** R20: the points that expire in each of the coming months unless spent; each opens the credits they are left of. */
export const ExpiryPanel = ({ expiry }: { expiry: MonthExpiry[] }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const format = useChartFormat();
  const { palette } = useTheme();
  return (
    <Panel title="console.dashboard.expiry.title" hint="console.dashboard.expiry.hint" testId="dashboard-expiry">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={expiry} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tickFormatter={format.shortMonth} />
          <YAxis tickFormatter={(n: number) => format.number(n)} width={72} />
          <Tooltip formatter={(value) => format.number(Number(value))} labelFormatter={(month) => format.month(String(month))} />
          <Bar
            dataKey="points"
            name={translate('console.dashboard.expiry.points')}
            fill={palette.warning.main}
            cursor="pointer"
            onClick={(item) => navigate(expiringLink((item.payload as MonthExpiry).month))}
          />
        </BarChart>
      </ResponsiveContainer>
      <Table size="small" sx={{ mt: 2 }} aria-label={translate('console.dashboard.expiry.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('console.dashboard.month')}</TableCell>
            <TableCell align="right">{translate('console.dashboard.expiry.points')}</TableCell>
            <TableCell align="right">{translate('console.dashboard.expiry.participants')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {expiry
            .filter((row) => row.points > 0)
            .map((row) => (
              <TableRow key={row.month}>
                <TableCell component="th" scope="row">
                  {format.month(row.month)}
                </TableCell>
                <TableCell align="right">
                  <FigureLink value={row.points} to={expiringLink(row.month)} testId={`expiry-${row.month}`} />
                </TableCell>
                <TableCell align="right">
                  <FigureLink value={row.participants} to={expiringLink(row.month)} testId={`expiry-participants-${row.month}`} />
                </TableCell>
              </TableRow>
            ))}
          {expiry.every((row) => row.points === 0) && (
            <TableRow>
              <TableCell colSpan={3}>{translate('console.dashboard.expiry.none')}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Panel>
  );
};
