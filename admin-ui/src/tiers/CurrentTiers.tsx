import { Card, CardContent, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Section } from '../shared/Section';
import { useFormatters } from '../shared/useFormatters';
import { TierChip } from './TierChip';
import { useTiers } from './useTiers';

/**
 * A1: the tiers in force, lowest first: the qualifying points or activities that reach each within
 * a period, its accrual bonus, and which credits qualify. They change like every term, from an
 * instant on (R27), as the `tiers` setting of a terms version (POST /admin/api/terms).
 */
export const CurrentTiers = () => {
  const translate = useTranslate();
  const format = useFormatters();
  const tiers = useTiers();
  const kinds = (list: readonly string[]) => list.map((k) => translate(`resources.tiers.kinds.${k}`, { _: k })).join(', ');
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Section title="resources.tiers.terms.title">
          {tiers.isPending && <LinearProgress />}
          {tiers.levels.length > 0 && (
            <>
              <Table size="small" data-testid="current-tiers">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('resources.tiers.terms.tier')}</TableCell>
                    <TableCell align="right">{translate('resources.tiers.terms.points')}</TableCell>
                    <TableCell>{translate('resources.tiers.terms.activities')}</TableCell>
                    <TableCell align="right">{translate('resources.tiers.terms.bonus')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {tiers.levels.map((level) => (
                    <TableRow key={level.code}>
                      <TableCell>
                        <TierChip code={level.code} />
                      </TableCell>
                      <TableCell align="right">{format.number(level.points)}</TableCell>
                      <TableCell>
                        {level.activities === null ? '—' : `${format.number(level.activities)} (${kinds(level.activityKinds)})`}
                      </TableCell>
                      <TableCell align="right">{level.bonusPercent}%</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Typography variant="body2" sx={{ mt: 1 }}>
                {translate('resources.tiers.terms.qualifying_sources', {
                  list: tiers.qualifyingSources
                    .map((s) => translate(`resources.participants.ledger.source_types.${s}`, { _: s }))
                    .join(', '),
                })}
              </Typography>
            </>
          )}
        </Section>
      </CardContent>
    </Card>
  );
};
