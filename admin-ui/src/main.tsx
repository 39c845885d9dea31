import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, RouterProvider } from 'react-router-dom';
import { App } from './App';

/**
 * The console's own hash router, the one react-admin would make but with `useTransitions={false}`.
 * With `requireAuth`, a visitor without a session meets react-admin's LogoutOnMount: it navigates to
 * #/login and then clears the query cache. Were the navigation a transition (react-router's default),
 * the clear's urgent re-render would come first: the admin, still mounted, asks checkAuth again,
 * fails, logs out and pushes #/login once more, interrupting the transition each time, so thousands
 * of entries piled up in the history before the login form showed (issue 14). An urgent navigation
 * renders together with the clear, and the admin is gone before it can ask again.
 */
// The pages load as chunks of the build (admin-ui/src/shared/lazyPage.ts): a console opened before a
// redeploy asks for chunks the new build no longer has, so it loads the new build instead.
window.addEventListener('vite:preloadError', () => window.location.reload());

const router = createHashRouter([{ path: '*', element: <App /> }]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} useTransitions={false} />
  </StrictMode>,
);
