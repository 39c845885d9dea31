import { Card, CardContent, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/** One block of the dashboard: a title (a translation key), a line saying what it counts, its chart and figures. */
export const Panel = ({ title, hint, children, testId }: { title: string; hint?: string; children: ReactNode; testId: string }) => {
  const translate = useTranslate();
  return (
    <Card component="section" aria-label={translate(title)} data-testid={testId} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {translate(title)}
        </Typography>
        {hint && (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate(hint)}
          </Typography>
        )}
        {children}
      </CardContent>
    </Card>
  );
};
