import { Alert } from '@mui/material';
import { useGetIdentity, useRecordContext, useTranslate, type RaRecord } from 'react-admin';

interface FourEyesNoteProps<T extends RaRecord> {
  /** The staff ids that may not approve the record: who asked for it, opened it or uploaded its documents. */
  involved: (record: T) => ReadonlyArray<string | null | undefined>;
  /** The record still awaits a decision. */
  pending: (record: T) => boolean;
  /** What to say (a translation key). */
  message: string;
}

/**
 * Four eyes: tells the staff member looking at a pending task that they took part in it, so another
 * staff member must approve it. The server refuses their approval anyway (403 four_eyes); this says
 * so before they try. They may still reject it, which moves nothing.
 */
export const FourEyesNote = <T extends RaRecord>({ involved, pending, message }: FourEyesNoteProps<T>) => {
  const record = useRecordContext<T>();
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  if (!record || !identity || !pending(record) || !involved(record).includes(String(identity.id))) return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="four-eyes-note">
      {translate(message)}
    </Alert>
  );
};
