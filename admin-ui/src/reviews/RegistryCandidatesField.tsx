import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Review } from '../types';

/**
 * What the registry check found, in the reader's language: each contract with its type, number,
 * holder and status, or that nothing matched. A task opened before the check kept its findings as
 * data has only the server's English hint, shown as it is.
 */
export const RegistryCandidatesField = (_props: { source?: string; label?: string }) => {
  const review = useRecordContext<Review>();
  const translate = useTranslate();
  if (!review) return null;
  const candidates = review.registry_candidates;
  if (!candidates) return review.registry_hint ? <Typography variant="body2">{review.registry_hint}</Typography> : null;
  if (candidates.length === 0) return <Typography variant="body2">{translate('resources.reviews.registry.none')}</Typography>;
  return (
    <>
      {candidates.map((c) => (
        <Typography key={`${c.contractType}:${c.contractNumber}`} variant="body2">
          {translate(c.inn ? 'resources.reviews.registry.contract_with_inn' : 'resources.reviews.registry.contract', {
            type: translate(`resources.contracts.types.${c.contractType}`, { _: c.contractType }),
            number: c.contractNumber,
            holder: c.legalName,
            inn: c.inn,
            status: translate(`resources.contracts.status.${c.status}`, { _: c.status }),
          })}
        </Typography>
      ))}
    </>
  );
};
