import { Alert, Card, CardContent, Chip, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Section } from '../shared/Section';
import { settingsIn, useCurrentTerms, useTermFormat } from './settings';

/** Each term as configured (the default) and as in force now, the changed ones marked. */
export const CurrentTerms = () => {
  const translate = useTranslate();
  const format = useTermFormat();
  const terms = useCurrentTerms();
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Section title="resources.terms.current.title">
          {terms.isPending && <LinearProgress />}
          {terms.isError && <Alert severity="error">{terms.error.message}</Alert>}
          {terms.data && (
            <Table size="small" data-testid="current-terms">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('resources.terms.current.setting')}</TableCell>
                  <TableCell align="right">{translate('resources.terms.current.default')}</TableCell>
                  <TableCell align="right">{translate('resources.terms.current.now')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {settingsIn(terms.data.defaults).map((setting) => {
                  const byDefault = terms.data.defaults[setting.key];
                  const now = terms.data.current[setting.key];
                  return (
                    <TableRow key={setting.key}>
                      <TableCell>{format.name(setting)}</TableCell>
                      <TableCell align="right">{format.value(setting, byDefault)}</TableCell>
                      <TableCell align="right" sx={now !== byDefault ? { fontWeight: 'bold' } : undefined}>
                        {format.value(setting, now)}
                      </TableCell>
                      <TableCell>
                        {now !== byDefault && <Chip size="small" color="warning" label={translate('resources.terms.current.changed')} />}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </Section>
      </CardContent>
    </Card>
  );
};
