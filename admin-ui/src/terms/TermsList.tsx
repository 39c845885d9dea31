import { Chip, Stack, Typography } from '@mui/material';
import { CreateButton, DataTable, List, TopToolbar, useTranslate } from 'react-admin';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import type { TermsVersion } from '../types';
import { CurrentTiers } from '../tiers/CurrentTiers';
import { CurrentTerms } from './CurrentTerms';
import { settingsIn, useTermFormat } from './settings';

const Column = DataTable.Col<TermsVersion>;

/** The settings a version changes, one per line. */
const ChangedSettings = ({ version }: { version: TermsVersion }) => {
  const format = useTermFormat();
  const translate = useTranslate();
  return (
    <Stack>
      {settingsIn(version.settings).map((setting) => (
        <Typography key={setting.key} variant="body2">
          {format.name(setting)}: {format.value(setting, version.settings[setting.key])}
        </Typography>
      ))}
      {'tiers' in version.settings && <Typography variant="body2">{translate('resources.tiers.terms.changed')}</Typography>}
    </Stack>
  );
};

const InForceChip = ({ version }: { version: TermsVersion }) => {
  const translate = useTranslate();
  return version.in_force ? (
    <Chip size="small" color="success" label={translate('resources.terms.in_force.yes')} />
  ) : (
    <Chip size="small" color="info" label={translate('resources.terms.in_force.no')} />
  );
};

const TermsListActions = () => (
  <TopToolbar>
    <CreateButton label="resources.terms.actions.change" />
  </TopToolbar>
);

/**
 * R27: the terms now (defaults and what is in force) and every change, the latest instant first:
 * a change applies from its instant and never rewrites a past credit.
 */
export const TermsList = () => {
  const translate = useTranslate();
  return (
    <>
      <CurrentTerms />
      <CurrentTiers />
      <List<TermsVersion>
        actions={<TermsListActions />}
        sort={{ field: 'effective_from', order: 'DESC' }}
        exporter={false}
        pagination={false}
        perPage={1000}
        empty={false}
      >
        <DataTable
          bulkActionButtons={false}
          rowClick={false}
          empty={
            <Typography variant="body2" sx={{ p: 2 }}>
              {translate('resources.terms.no_changes')}
            </Typography>
          }
        >
          <Column source="effective_from" disableSort>
            <DateTimeField source="effective_from" />
          </Column>
          <Column source="in_force" disableSort render={(version) => <InForceChip version={version} />} />
          <Column source="settings" disableSort render={(version) => <ChangedSettings version={version} />} />
          <Column source="reason" disableSort />
          <Column source="created_by" disableSort>
            <ActorLabelField source="created_by" />
          </Column>
          <Column source="created_at" disableSort>
            <DateTimeField source="created_at" />
          </Column>
        </DataTable>
      </List>
    </>
  );
};
