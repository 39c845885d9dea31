import { useRecordContext, useTranslate } from 'react-admin';
import type { Participant } from '../types';

/** The agency by its legal name; by its INN when the registry knows no name for it (R4: an agency reviewed by hand). */
export const AgencyField = () => {
  const participant = useRecordContext<Participant>();
  const translate = useTranslate();
  if (!participant) return null;
  if (participant.agency_name) return <>{participant.agency_name}</>;
  return participant.agency_inn ? <>{translate('console.agency_by_inn', { inn: participant.agency_inn })}</> : null;
};
