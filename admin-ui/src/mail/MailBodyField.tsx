import { Box, Link, Typography } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

/** A link, without the punctuation that ends the sentence around it. */
const link = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])/;

/** A link whose one-time token the API masked (`token=•••`): shown, not followed. */
const masked = (href: string) => href.includes('•••');

/**
 * The mail's text as sent, with its links clickable, except one-time links: the staff API masks
 * their tokens (staff never hold a participant's credential); "resend" sends the link to the participant.
 */
export const MailBodyField = (props: FieldProps) => {
  const text: unknown = useFieldValue(props);
  const translate = useTranslate();
  if (typeof text !== 'string') return null;
  return (
    <>
      <Box component="pre" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'monospace', m: 0 }}>
        {text.split(link).map((part, i) =>
          // split() with a capturing group puts the links at the odd indexes
          i % 2 === 1 && !masked(part) ? (
            <Link key={i} href={part} target="_blank" rel="noopener noreferrer">
              {part}
            </Link>
          ) : (
            part
          ),
        )}
      </Box>
      {text.includes('•••') && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
          {translate('resources.mail.masked')}
        </Typography>
      )}
    </>
  );
};
