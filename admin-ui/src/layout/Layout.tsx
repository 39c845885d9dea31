import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { SecondFactorGate } from '../staff';
import { Menu } from './Menu';

/** An admin who must set up a second factor first sees only that (SecondFactorGate). */
export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout menu={Menu}>
    <SecondFactorGate>{children}</SecondFactorGate>
  </RaLayout>
);
