import { lazy, type ComponentType } from 'react';

/**
 * A page fetched when it is first opened, a chunk of its own: the login form never waits for the
 * console's pages. It renders inside react-admin's Layout, whose <Suspense> shows the loading
 * indicator meanwhile. `name` is the page's named export in the module `load` imports.
 */
export const lazyPage = <Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) =>
  lazy(() => load().then((module) => ({ default: module[name] })));
