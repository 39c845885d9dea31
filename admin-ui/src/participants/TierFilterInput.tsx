import { SelectInput, useTranslate } from 'react-admin';
import { useTiers } from '../tiers/useTiers';

/** A1: the participants with a tier, or with none (the dashboard's tier figures open the list with it). */
export const TierFilterInput = ({ source }: { source: string; alwaysOn?: boolean }) => {
  const translate = useTranslate();
  const { levels, name } = useTiers();
  const choices = [
    ...levels.map((level) => ({ id: level.code, name: name(level.code) })),
    { id: 'none', name: translate('console.dashboard.tiers.none') },
  ];
  return <SelectInput source={source} choices={choices} translateChoice={false} label="resources.participants.fields.tier" />;
};
