import { LinearProgress } from '@mui/material';
import { lazy, Suspense } from 'react';

// The charts (recharts) are a chunk of their own, fetched after sign-in: the login form never waits for them.
const DashboardScreen = lazy(() => import('./Dashboard').then((module) => ({ default: module.Dashboard })));

/** The console's first screen (`<Admin dashboard>`). */
export const Dashboard = () => (
  <Suspense fallback={<LinearProgress sx={{ mt: 2 }} />}>
    <DashboardScreen />
  </Suspense>
);
