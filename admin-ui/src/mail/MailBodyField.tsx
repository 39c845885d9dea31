import { Box, Link } from '@mui/material';
import { useFieldValue, type FieldProps } from 'react-admin';

/** A link, without the punctuation that ends the sentence around it. */
const link = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])/;

/** The mail's text as sent, with its links clickable. */
export const MailBodyField = (props: FieldProps) => {
  const text: unknown = useFieldValue(props);
  if (typeof text !== 'string') return null;
  return (
    <Box component="pre" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'monospace', m: 0 }}>
      {text.split(link).map((part, i) =>
        // split() with a capturing group puts the links at the odd indexes
        i % 2 === 1 ? (
          <Link key={i} href={part} target="_blank" rel="noopener noreferrer">
            {part}
          </Link>
        ) : (
          part
        ),
      )}
    </Box>
  );
};
