import { Box, Card, CardContent, Stack } from '@mui/material';
import { Title, usePermissions } from 'react-admin';
import { Section } from '../shared/Section';
import type { StaffRole } from '../types';
import { AdminSecondFactorSwitch } from './AdminSecondFactorSwitch';
import { SecondFactorEnrolment } from './SecondFactorEnrolment';

/** The staff member's own sign-in security; for admins also the rule for every admin. */
export const SecurityPage = () => {
  const { permissions } = usePermissions<StaffRole>();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="console.security.title" />
      <Stack spacing={2}>
        <Card>
          <CardContent>
            <Section title="console.security.second_factor">
              <SecondFactorEnrolment />
            </Section>
          </CardContent>
        </Card>
        {permissions === 'admin' && (
          <Card>
            <CardContent>
              <Section title="console.security.admins">
                <AdminSecondFactorSwitch />
              </Section>
            </CardContent>
          </Card>
        )}
      </Stack>
    </Box>
  );
};
