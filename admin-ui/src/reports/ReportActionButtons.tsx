import CheckIcon from '@mui/icons-material/Check';
import DeleteIcon from '@mui/icons-material/Delete';
import { useState } from 'react';
import { Button, Confirm, useDataProvider, useRecordContext, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { Report } from '../types';

const stale = { code: 'report_not_in_preview', message: 'resources.reports.notifications.not_in_preview' };

/**
 * Makes the previewed report count: it replaces the event's confirmed report of its kind (R11).
 * The API refuses once the window has closed, and says so (shown as it is).
 */
export const ConfirmReportButton = () => {
  const report = useRecordContext<Report>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { mutate, isPending } = useConsoleAction({
    mutationFn: (id: Identifier) => dataProvider.confirmReport(id),
    success: 'resources.reports.notifications.confirmed',
    stale,
  });
  const [confirming, setConfirming] = useState(false);
  if (report?.status !== 'preview') return null;
  return (
    <>
      <Button
        label="resources.reports.actions.confirm"
        variant="contained"
        color="success"
        disabled={isPending}
        onClick={() => setConfirming(true)}
      >
        <CheckIcon />
      </Button>
      {/* Points follow from a confirmed report (at the window's close, or at once for a course): say so first. */}
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="resources.reports.confirm_confirm.title"
        content="resources.reports.confirm_confirm.content"
        translateOptions={{ smart_count: report.line_count ?? 0, event: report.event_title ?? '' }}
        confirm="resources.reports.actions.confirm"
        onConfirm={() => mutate(report.id, { onSettled: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};

/** Drops the previewed report: nothing of it counts, and its lines are deleted. */
export const DiscardReportButton = () => {
  const report = useRecordContext<Report>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [confirming, setConfirming] = useState(false);
  const { mutate, isPending } = useConsoleAction({
    mutationFn: (id: Identifier) => dataProvider.discardReport(id),
    success: 'resources.reports.notifications.discarded',
    stale,
  });
  if (report?.status !== 'preview') return null;
  return (
    <>
      <Button
        label="resources.reports.actions.discard"
        color="error"
        variant="outlined"
        disabled={isPending}
        onClick={() => setConfirming(true)}
      >
        <DeleteIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="resources.reports.discard_confirm.title"
        content="resources.reports.discard_confirm.content"
        onConfirm={() => mutate(report.id, { onSettled: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};
