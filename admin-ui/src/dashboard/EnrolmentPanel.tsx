import { Table, TableBody, TableCell, TableHead, TableRow, useTheme } from '@mui/material';
import { useNavigate, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FigureLink } from './FigureLink';
import { enrolmentLink } from './links';
import { Panel } from './Panel';
import type { DayEnrolment } from './types';
import { useChartFormat } from './useChartFormat';

const SERIES = ['registered', 'activated'] as const;

/** Registrations and activations per day (UTC); each bar and figure opens the participants it counts. */
export const EnrolmentPanel = ({ enrolment }: { enrolment: DayEnrolment[] }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const format = useChartFormat();
  const { palette } = useTheme();
  const colors = { registered: palette.primary.main, activated: palette.success.main };
  const busyDays = [...enrolment].reverse().filter((d) => d.registered > 0 || d.activated > 0);
  return (
    <Panel title="console.dashboard.enrolment.title" hint="console.dashboard.enrolment.hint" testId="dashboard-enrolment">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={enrolment} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={format.shortDay} minTickGap={16} />
          <YAxis allowDecimals={false} width={48} />
          <Tooltip labelFormatter={(day) => format.longDay(String(day))} />
          <Legend itemSorter={null} />
          {SERIES.map((series) => (
            <Bar
              key={series}
              dataKey={series}
              name={translate(`console.dashboard.enrolment.${series}`)}
              fill={colors[series]}
              cursor="pointer"
              onClick={(item) => navigate(enrolmentLink(series, (item.payload as DayEnrolment).day))}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <Table size="small" sx={{ mt: 2 }} aria-label={translate('console.dashboard.enrolment.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('console.dashboard.day')}</TableCell>
            {SERIES.map((series) => (
              <TableCell key={series} align="right">
                {translate(`console.dashboard.enrolment.${series}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {busyDays.map((d) => (
            <TableRow key={d.day}>
              <TableCell component="th" scope="row">
                {format.longDay(d.day)}
              </TableCell>
              {SERIES.map((series) => (
                <TableCell key={series} align="right">
                  <FigureLink value={d[series]} to={enrolmentLink(series, d.day)} testId={`${series}-${d.day}`} />
                </TableCell>
              ))}
            </TableRow>
          ))}
          {busyDays.length === 0 && (
            <TableRow>
              <TableCell colSpan={3}>{translate('console.dashboard.enrolment.none')}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Panel>
  );
};
