import { Table, TableBody, TableCell, TableHead, TableRow, useTheme } from '@mui/material';
import { useNavigate, useTranslate } from 'react-admin';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { useTiers } from '../tiers/useTiers';
import { FigureLink } from './FigureLink';
import { tierLink } from './links';
import { Panel } from './Panel';
import type { TierCount } from './types';
import { useChartFormat } from './useChartFormat';

/** A1: active participants by status tier, highest first, and those without one; each opens the participants. */
export const TiersPanel = ({ tiers }: { tiers: TierCount[] }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const format = useChartFormat();
  const { palette } = useTheme();
  const { name, rank } = useTiers();
  const colors = [palette.grey[400], palette.warning.light, palette.secondary.main, palette.primary.main, palette.success.main];
  const rows = [...tiers]
    .sort((a, b) => rank(b.tier) - rank(a.tier))
    .map((t) => ({ ...t, label: t.tier === null ? translate('console.dashboard.tiers.none') : name(t.tier) }));
  return (
    <Panel title="console.dashboard.tiers.title" hint="console.dashboard.tiers.hint" testId="dashboard-tiers">
      {rows.length > 0 && (
        <ResponsiveContainer width="100%" height={200}>
          <PieChart>
            <Pie data={rows} dataKey="participants" nameKey="label" innerRadius={40} outerRadius={80} cursor="pointer">
              {rows.map((t) => (
                <Cell
                  key={t.tier ?? 'none'}
                  fill={colors[Math.min(rank(t.tier) + 1, colors.length - 1)]}
                  onClick={() => navigate(tierLink(t.tier))}
                />
              ))}
            </Pie>
            <Tooltip formatter={(value) => format.number(Number(value))} />
          </PieChart>
        </ResponsiveContainer>
      )}
      <Table size="small" sx={{ mt: 2 }} aria-label={translate('console.dashboard.tiers.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('console.dashboard.tiers.tier')}</TableCell>
            <TableCell align="right">{translate('console.dashboard.tiers.participants')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((t) => (
            <TableRow key={t.tier ?? 'none'}>
              <TableCell component="th" scope="row">
                {t.label}
              </TableCell>
              <TableCell align="right">
                <FigureLink value={t.participants} to={tierLink(t.tier)} testId={`tier-${t.tier ?? 'none'}`} />
              </TableCell>
            </TableRow>
          ))}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={2}>{translate('console.dashboard.tiers.empty')}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Panel>
  );
};
