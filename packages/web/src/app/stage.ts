import { createContext, useContext, type ReactNode } from 'react';
import type { ChartHeader, Me } from '../api/types';

/**
 * The web half of the stage contract (DESIGN.md): each feature folder exports one WebStage from its
 * manifest.tsx; app/stages.ts lists them; the shell builds the navigation, the pages and the chart's
 * panels from that list, each wrapped in its own error boundary.
 */
export interface NavEntry {
  to: string;
  label: string;
  /** The 'resource.action' the server grants for this screen. */
  needs: string;
}

export interface StagePage {
  /** '/patients/:id' style; exact patterns are tried before patterns with parameters. */
  pattern: string;
  needs: string;
  title: string;
  render: (params: Record<string, string>, me: Me) => ReactNode;
}

export interface ChartPanelProps {
  patientId: string;
  header: ChartHeader;
  me: Me;
}

export interface ChartPanel {
  id: string;
  title: string;
  needs: string;
  column: 'main' | 'side';
  render: (props: ChartPanelProps) => ReactNode;
}

/** A program setting a stage owns, shown on the Administration page to the roles that may change it. */
export interface SettingsPanel {
  id: string;
  title: string;
  /** The 'resource.action' that changes the setting: the panel is shown only with it. */
  needs: string;
  render: (me: Me) => ReactNode;
}

export interface WebStage {
  name: string;
  nav?: NavEntry[];
  pages?: StagePage[];
  chartPanels?: ChartPanel[];
  settingsPanels?: SettingsPanel[];
}

/** The chart page is the patients feature's, but its panels come from every stage. */
export const ChartPanelsContext = createContext<ChartPanel[]>([]);
export const useChartPanels = () => useContext(ChartPanelsContext);

/** The Administration page is the admin feature's, but the program settings come from every stage. */
export const SettingsPanelsContext = createContext<SettingsPanel[]>([]);
export const useSettingsPanels = () => useContext(SettingsPanelsContext);
