import { Stack, Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { Section } from '../shared/Section';
import { useFormatters } from '../shared/useFormatters';
import type { Participant } from '../types';
import { TierChip } from './TierChip';
import type { TierAnswer } from './types';

/**
 * A1: the participant's tier and progress, from the participant record's `tier`: the tier held and
 * until when, its bonus, the qualifying points and activities of the current period, what is left
 * to the next tier ("1 250 баллов до «Золотой» или ещё 3 мероприятия") and when the period ends.
 */
export const TierProgress = () => {
  const participant = useRecordContext<Participant & { tier?: TierAnswer }>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const format = useFormatters();
  const answer = participant?.tier;
  if (!answer) return null;
  const kinds = (list: string[]) => list.map((k) => translate(`resources.tiers.kinds.${k}`, { _: k })).join(', ');
  const activities = Object.entries(answer.qualifying.activities).filter(([, n]) => n > 0);
  const { next } = answer;
  return (
    <Section title="resources.tiers.title">
      <Stack spacing={0.5} data-testid="tier-progress">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          <TierChip code={answer.tier?.code ?? null} />
          {answer.tier && answer.validThrough && (
            <Typography variant="body2">
              {translate('resources.tiers.held', { date: answer.validThrough })}
              {answer.since && `, ${translate('resources.tiers.since', { date: format.date(answer.since) })}`}
            </Typography>
          )}
          {answer.tier && answer.tier.bonusPercent > 0 && (
            <Typography variant="body2" color="success.dark">
              {translate('resources.tiers.bonus', { percent: answer.tier.bonusPercent })}
            </Typography>
          )}
        </Stack>
        <Typography variant="body2">
          {translate('resources.tiers.qualifying', { points: format.number(answer.qualifying.points) })};{' '}
          {activities.length
            ? translate('resources.tiers.activities', {
                list: activities
                  .map(([kind, n]) => `${translate(`resources.tiers.kinds.${kind}`, { _: kind })}: ${format.number(n)}`)
                  .join(', '),
              })
            : translate('resources.tiers.no_activities')}
        </Typography>
        <Typography variant="body2" data-testid="tier-next">
          {next
            ? [
                translate('resources.tiers.to_next_points', {
                  tier: locale === 'en' ? next.name.en : next.name.ru,
                  smart_count: next.pointsToGo,
                  points: format.number(next.pointsToGo),
                }),
                next.activitiesToGo !== null
                  ? translate('resources.tiers.to_next_activities', { smart_count: next.activitiesToGo, kinds: kinds(next.activityKinds) })
                  : null,
              ]
                .filter(Boolean)
                .join(' ')
            : translate('resources.tiers.top')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('resources.tiers.period_ends', { date: answer.period.lastDay })}
        </Typography>
      </Stack>
    </Section>
  );
};
