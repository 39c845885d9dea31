import { Alert, Box, Card, CardContent } from '@mui/material';
import type { ReactNode } from 'react';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { Section } from '../shared/Section';
import { SecondFactorEnrolment } from './SecondFactorEnrolment';

/**
 * Admins must have a second factor (an admin's setting, or STAFF_ADMIN_TOTP_REQUIRED): an admin
 * without one sees only the enrolment until it is done (the API refuses everything else meanwhile).
 */
export const SecondFactorGate = ({ children }: { children: ReactNode }) => {
  const { identity, isPending } = useGetIdentity();
  const translate = useTranslate();
  // Nothing before the identity is known: a page's requests would only be refused meanwhile.
  if (isPending) return null;
  if (!identity?.mustEnrolSecondFactor) return <>{children}</>;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="console.security.title" />
      <Card>
        <CardContent>
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate('console.security.required_first')}
          </Alert>
          <Section title="console.security.second_factor">
            <SecondFactorEnrolment />
          </Section>
        </CardContent>
      </Card>
    </Box>
  );
};
