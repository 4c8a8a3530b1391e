import type { StageManifest } from '../../platform/stage';
import { configRoutes } from './config';
import { dayRoutes } from './day';
import { groupNoteRoutes } from './group-notes';
import { groupRoutes } from './groups';
import { noteRoutes } from './notes';
import { scheduleRoutes } from './schedule';
import { extendGroupSeries, sweepOverdueNotes } from './service';

const facility = (why: string) => ({ scope: 'facility', why }) as const;
const org = (why: string) => ({ scope: 'organization', why }) as const;

/**
 * Therapy: individual and family session notes, the group catalogue, recurring groups, attendance and
 * versioned group notes, the counselor's day, hours by level of care, the structured day and outings.
 * Note text ('therapy-note') and the schedule ('therapy-schedule') are separate resources, so the front
 * desk can see when and where without reading what was said.
 */
export const therapyStage: StageManifest = {
  name: 'therapy',
  tables: [
    'thr_settings',
    'thr_clinician_profiles',
    'thr_note_templates',
    'thr_note_template_versions',
    'thr_sessions',
    'thr_cosignatures',
    'thr_addenda',
    'thr_group_types',
    'thr_group_series',
    'thr_group_sessions',
    'thr_group_attendance',
    'thr_group_notes',
    'thr_group_note_versions',
    'thr_group_note_entries',
    'thr_day_templates',
    'thr_activity_attendance',
    'thr_outings',
    'thr_outing_participants',
  ],
  routes: [...configRoutes, ...noteRoutes, ...groupRoutes, ...groupNoteRoutes, ...dayRoutes, ...scheduleRoutes],
  grants: {
    'therapy-note': {
      read: {
        administrator: org('The clinical director reviews documentation across the program.'),
        prescriber: facility('Integrates therapy with medication care.'),
        nurse: facility('Reads how her unit’s patients are doing in therapy; never signs a counselor’s note.'),
        counselor: facility('Writes and reads the therapy record of the unit.'),
        case_manager: facility('Plans discharge and aftercare from therapy progress.'),
        peer_recovery_specialist: { scope: 'care-team', why: 'Supports the patients on their care team.' },
      },
      create: {
        counselor: facility('Writes individual and family session notes.'),
        prescriber: facility('Psychiatric providers also provide psychotherapy.'),
      },
      update: {
        counselor: facility('Edits drafts, signs, adds addenda and co-signs supervisees’ notes.'),
        prescriber: facility('Signs own notes and co-signs as a licensed supervisor.'),
      },
    },
    // Running a clinical group (attendance, group note) is clinical work.
    'therapy-group': {
      update: { counselor: facility('Leads clinical groups: attendance and the group note.') },
    },
    // Peer-led groups (on-site NA / 12-step): peer specialists run them; counselors may too.
    'peer-group': {
      update: {
        counselor: facility('Covers any group, peer-led ones included.'),
        peer_recovery_specialist: facility('Runs peer-led groups: attendance and the group note.'),
      },
    },
    'therapy-schedule': {
      read: {
        administrator: org('Oversees the program’s schedule.'),
        prescriber: facility('Plans visits around groups.'),
        nurse: facility('Plans medication and checks around the day.'),
        counselor: facility('Runs the therapeutic day.'),
        case_manager: facility('Books appointments around the program.'),
        admissions_coordinator: facility('The front desk reads the schedule (never note text).'),
        peer_recovery_specialist: facility('Runs peer groups and outings.'),
        patient: { scope: 'self', why: 'A patient sees their own day and can export it to a calendar.' },
      },
      create: {
        administrator: org('The clinical director sets up the program’s groups.'),
        counselor: facility('Schedules groups and plans outings.'),
        peer_recovery_specialist: facility('Schedules peer-led groups and outings.'),
      },
      update: {
        counselor: facility('Takes activity attendance and signs patients out and in.'),
        nurse: facility('Signs patients out for outings and back in.'),
        peer_recovery_specialist: facility('Takes activity attendance and accompanies outings.'),
      },
    },
    'therapy-config': {
      read: {
        administrator: org('Maintains templates, the catalogue and settings.'),
        counselor: org('Chooses note templates.'),
        prescriber: org('Chooses note templates and sees supervision.'),
        peer_recovery_specialist: org('Sees the group catalogue and templates.'),
        case_manager: org('Sees the program’s expected hours.'),
      },
      update: { administrator: org('The clinical director sets templates, catalogue, program day, expected hours and supervision.') },
    },
  },
  jobs: [
    { name: 'therapy: keep recurring groups on the calendar', everySeconds: 6 * 3600, run: (db, now) => extendGroupSeries(db, now) },
    { name: 'therapy: alert on session notes past the signing deadline', everySeconds: 15 * 60, run: (db, now) => sweepOverdueNotes(db, now) },
  ],
};
