import { Chip, type ChipProps } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

/** A choice for SelectInput and ChoiceChipField: `name` is a translation key. */
export interface ColoredChoice<Id extends string = string> {
  id: Id;
  name: string;
  color: ChipProps['color'];
}

interface ChoiceChipFieldProps extends FieldProps {
  choices: readonly ColoredChoice[];
}

/** A status as a coloured chip with its translated name. */
export const ChoiceChipField = ({ choices, ...props }: ChoiceChipFieldProps) => {
  const value = useFieldValue(props);
  const translate = useTranslate();
  const choice = choices.find((c) => c.id === value);
  return choice ? <Chip size="small" color={choice.color} label={translate(choice.name)} /> : null;
};
