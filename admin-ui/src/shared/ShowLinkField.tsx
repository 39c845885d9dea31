import { Link } from '@mui/material';
import type { MouseEvent } from 'react';
import { LinkBase, useCreatePath, useFieldValue, useTranslate, type FieldProps } from 'react-admin';

interface ShowLinkFieldProps extends FieldProps {
  /** The linked record's resource, e.g. `events`. */
  reference: string;
  /** Where the linked record's id is, e.g. `event_id`. */
  idSource: string;
  /** A translation key shown instead of the value, e.g. `resources.participants.actions.open`. */
  text?: string;
}

/**
 * The record's `source` (e.g. `event_title`) as a link to the record `idSource` names. Unlike
 * ReferenceField it fetches nothing: the API already joins the title in.
 */
export const ShowLinkField = ({ reference, idSource, text, emptyText, ...props }: ShowLinkFieldProps) => {
  const value = useFieldValue(props);
  const id = useFieldValue({ source: idSource, record: props.record });
  const createPath = useCreatePath();
  const translate = useTranslate();
  if (!id) return emptyText ? <span>{translate(emptyText, { _: emptyText })}</span> : null;
  return (
    <Link
      component={LinkBase}
      to={createPath({ resource: reference, id, type: 'show' })}
      variant="body2"
      onClick={(event: MouseEvent) => event.stopPropagation()}
    >
      {text ? translate(text) : String(value ?? id)}
    </Link>
  );
};
