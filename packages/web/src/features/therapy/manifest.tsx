import type { WebStage } from '../../app/stage';
import { CataloguesPage } from './Catalogues';
import { HoursPanel, PatientWeekPanel, TherapyNotesPanel } from './ChartPanels';
import { TherapySettingsPage } from './Clinicians';
import { GroupSessionPage } from './GroupSession';
import { GroupsPage } from './Groups';
import { MyDayPage } from './MyDay';
import { SchedulePage } from './SchedulePage';
import { SessionNotePage } from './SessionNote';

/** Therapy: the counselor's day, groups, session notes, the structured day, and three chart panels. */
export const therapyWeb: WebStage = {
  name: 'therapy',
  nav: [
    { to: '/therapy', label: 'My day', needs: 'therapy-note.create' },
    { to: '/therapy/groups', label: 'Groups', needs: 'therapy-schedule.read' },
    { to: '/therapy/schedule', label: 'Structured day', needs: 'therapy-schedule.read' },
    { to: '/therapy/settings', label: 'Therapy settings', needs: 'therapy-config.update' },
    { to: '/therapy/catalogues', label: 'Program catalogues', needs: 'therapy-config.update' },
  ],
  pages: [
    { pattern: '/therapy', title: 'My day', needs: 'therapy-note.create', render: (_p, me) => <MyDayPage me={me} /> },
    { pattern: '/therapy/groups', title: 'Groups', needs: 'therapy-schedule.read', render: (_p, me) => <GroupsPage me={me} /> },
    {
      pattern: '/therapy/groups/:id',
      title: 'Group session',
      needs: 'therapy-schedule.read',
      render: (p, me) => <GroupSessionPage groupSessionId={p.id} me={me} />,
    },
    {
      pattern: '/therapy/sessions/:id',
      title: 'Session note',
      needs: 'therapy-note.read',
      render: (p, me) => <SessionNotePage key={p.id} sessionId={p.id} me={me} />,
    },
    { pattern: '/therapy/schedule', title: 'Structured day', needs: 'therapy-schedule.read', render: (_p, me) => <SchedulePage me={me} /> },
    { pattern: '/therapy/settings', title: 'Therapy settings', needs: 'therapy-config.update', render: () => <TherapySettingsPage /> },
    { pattern: '/therapy/catalogues', title: 'Program catalogues', needs: 'therapy-config.update', render: (_p, me) => <CataloguesPage me={me} /> },
  ],
  chartPanels: [
    {
      id: 'therapy-notes',
      title: 'Therapy notes',
      needs: 'therapy-note.read',
      column: 'main',
      render: ({ patientId, header, me }) => <TherapyNotesPanel patientId={patientId} header={header} me={me} />,
    },
    {
      id: 'therapy-hours',
      title: 'Clinical hours per week',
      needs: 'therapy-note.read',
      column: 'side',
      render: ({ patientId, header, me }) => <HoursPanel patientId={patientId} header={header} me={me} />,
    },
    {
      id: 'therapy-schedule',
      title: 'Schedule',
      needs: 'therapy-schedule.read',
      column: 'side',
      render: ({ patientId, header, me }) => <PatientWeekPanel patientId={patientId} header={header} me={me} />,
    },
  ],
};
