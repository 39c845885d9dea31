import PersonIcon from '@mui/icons-material/Person';
import { Button, LinkBase, useCreatePath, useFieldValue } from 'react-admin';

/** A link to the participant whose id is the record's `source`. */
export const ParticipantButton = ({ source }: { source: string }) => {
  const participantId = useFieldValue({ source });
  const createPath = useCreatePath();
  if (!participantId) return null;
  return (
    <Button
      component={LinkBase}
      label="resources.participants.actions.open"
      to={createPath({ resource: 'participants', id: participantId, type: 'show' })}
    >
      <PersonIcon />
    </Button>
  );
};
