import { Alert, Box, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { CreditingPreview, EarningEvent } from '../types';
import { creditingStages } from './choices';

/** The current time, refreshed every `intervalMs`. */
function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** "1 д 23:59:59" / "04:05": what is left, to the second. */
function useFormatLeft() {
  const translate = useTranslate();
  return (ms: number) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    const days = Math.floor(seconds / 86_400);
    const hours = Math.floor((seconds % 86_400) / 3600);
    const clock = `${twoDigits(hours)}:${twoDigits(Math.floor((seconds % 3600) / 60))}:${twoDigits(seconds % 60)}`;
    return days > 0 ? `${translate('resources.events.window.days', { smart_count: days })} ${clock}` : clock;
  };
}

/** Time left until the window closes (R11), ticking every second. */
const Countdown = ({ closesAt }: { closesAt: number }) => {
  const translate = useTranslate();
  const formatLeft = useFormatLeft();
  const left = closesAt - useNow();
  return (
    <Box data-testid="window-countdown">
      <Typography variant="body2" color="text.secondary">
        {translate('resources.events.window.closes_in')}
      </Typography>
      <Typography variant="h4" component="p" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {left > 0 ? formatLeft(left) : translate('resources.events.window.closing')}
      </Typography>
    </Box>
  );
};

const Stat = ({ label, value, highlight = false }: { label: string; value: number; highlight?: boolean }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ minWidth: 120 }} data-testid={`preview-${label.split('.').pop()}`}>
      <Typography variant="h5" component="p" color={highlight && value > 0 ? 'warning.dark' : undefined}>
        {value}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate(label)}
      </Typography>
    </Box>
  );
};

/** What the confirmed reports would credit if the window closed now. */
const PreviewNumbers = ({ preview }: { preview: CreditingPreview }) => {
  const translate = useTranslate();
  const refused = Object.entries(preview.refused);
  return (
    <Stack spacing={2} data-testid="window-preview">
      <Typography variant="subtitle1">{translate('resources.events.window.preview_title')}</Typography>
      <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Stat label="resources.events.window.preview.reported" value={preview.reported} />
        <Stat label="resources.events.window.preview.eligible" value={preview.eligible} />
        <Stat label="resources.events.window.preview.points" value={preview.points} />
        <Stat label="resources.events.window.preview.unmatched" value={preview.unmatched} highlight />
      </Stack>
      {!preview.attendanceReported && <Alert severity="info">{translate('resources.events.window.no_attendance_yet')}</Alert>}
      {refused.length > 0 && (
        <Box>
          <Typography variant="body2" color="text.secondary">
            {translate('resources.events.window.refused')}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 0.5 }}>
            {refused.map(([reason, count]) => (
              <Chip key={reason} size="small" label={`${translate(`console.ineligibility.${reason}`, { _: reason })}: ${count}`} />
            ))}
          </Stack>
        </Box>
      )}
    </Stack>
  );
};

/**
 * The crediting run under way (the workflow's query): the report's emails handled so far, out of
 * those the preview counted; without a preview (a run resumed after a restart), a bar that only says
 * the run goes on.
 */
const CreditingProgress = ({ handled, reported }: { handled: number; reported: number | null }) => {
  const translate = useTranslate();
  const percent = reported ? Math.min(100, Math.round((handled / reported) * 100)) : null;
  return (
    <Box data-testid="crediting-progress">
      <LinearProgress
        variant={percent === null ? 'indeterminate' : 'determinate'}
        value={percent ?? undefined}
        aria-label={translate('resources.events.window.crediting_progress')}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {percent === null
          ? translate('resources.events.window.crediting_handled', { smart_count: handled })
          : translate('resources.events.window.crediting_of', { handled, reported: reported ?? 0, percent })}
      </Typography>
    </Box>
  );
};

/**
 * The event's crediting window as its workflow sees it now (R11): the stage, a countdown to the
 * close, what the confirmed reports would credit, and then what was credited or the incident.
 * When the stage changes, the whole page is refreshed so that outcomes and incidents appear.
 */
export const CreditingWindowPanel = () => {
  // `handled`: the run's progress, newer than the console's generated types.
  const event = useRecordContext<EarningEvent & { window?: (NonNullable<EarningEvent['window']> & { handled?: number }) | null }>();
  const translate = useTranslate();
  const refresh = useRefresh();
  const stage = event?.window?.stage ?? event?.crediting_status;
  const lastStage = useRef(stage);
  useEffect(() => {
    if (lastStage.current !== undefined && stage !== lastStage.current) refresh();
    lastStage.current = stage;
  }, [stage, refresh]);
  if (!event) return null;

  const view = event.window;
  const stageChoice = creditingStages.find((c) => c.id === stage);
  return (
    <Stack spacing={2} data-testid="crediting-window" sx={{ py: 1 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        {stageChoice && <Chip color={stageChoice.color} label={translate(stageChoice.name)} />}
        <Typography variant="body2" color="text.secondary">
          {translate(`resources.events.window.explain.${stage}`, { _: '' })}
        </Typography>
      </Stack>
      {!view && <Alert severity="warning">{translate('resources.events.window.no_answer')}</Alert>}
      {view && view.windowClosesAt !== null && (stage === 'scheduled' || stage === 'open') && <Countdown closesAt={view.windowClosesAt} />}
      {view && stage === 'crediting' && <CreditingProgress handled={view.handled ?? 0} reported={view.preview?.reported ?? null} />}
      {view && (stage === 'closed' || stage === 'ongoing') && (
        <Typography variant="body1" data-testid="window-credited">
          {translate('resources.events.window.credited', { smart_count: view.credited })}
        </Typography>
      )}
      {view?.incident && <Alert severity="error">{translate('resources.events.window.incident')}</Alert>}
      {view?.preview && <PreviewNumbers preview={view.preview} />}
      {view && !view.preview && stage === 'open' && <Alert severity="info">{translate('resources.events.window.no_report_yet')}</Alert>}
    </Stack>
  );
};
