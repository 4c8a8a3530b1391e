import { meSchema } from '@waypoint/server/schemas/auth';
import { facilities } from '@waypoint/server/schemas/admin';
import { boardSchema, courseSchema } from '@waypoint/server/schemas/withdrawal';
import { defaultProtocols } from '../../server/src/modules/withdrawal/protocol-config';
import { wire } from './fake-api';

export const facilityId = '0190a0b0-0000-7000-8000-000000000001';
const orgId = '0190a0b0-0000-7000-8000-0000000000aa';

export const nurse = wire(meSchema, {
  user: {
    id: '0190a0b0-0000-7000-8000-000000000101',
    email: 'nurse@demo.waypoint.test',
    displayName: 'Nora Nurse',
    role: 'nurse',
    organizationId: orgId,
    facilityIds: [facilityId],
    mfaEnabled: false,
    patientId: null,
  },
  organization: { id: orgId, name: 'Demo program', mfaRequired: false, idleTimeoutMinutes: 15 },
  session: { mfaVerified: false, mfaRequired: false },
  permissions: ['census.read', 'patient.create', 'patient.read', 'withdrawal-board.read', 'withdrawal.update'],
  scopes: {
    'census.read': 'facility',
    'patient.create': 'facility',
    'patient.read': 'facility',
    'withdrawal-board.read': 'facility',
    'withdrawal.update': 'facility',
  },
});

export const facilityList = wire(facilities, {
  items: [{ id: facilityId, name: 'Riverside detox unit', timeZone: 'America/New_York', bedCount: 12, levelsOfCare: ['withdrawal_management', 'residential'] }],
});

const symptomTriggered = defaultProtocols().find((p) => p.kind === 'symptom_triggered')!;

export const course = wire(courseSchema, {
  id: '0190a0b0-0000-7000-8000-000000000301',
  episodeId: '0190a0b0-0000-7000-8000-000000000201',
  patientId: '0190a0b0-0000-7000-8000-000000000401',
  facilityId,
  protocolId: '0190a0b0-0000-7000-8000-000000000501',
  protocolName: symptomTriggered.name,
  protocol: symptomTriggered.config,
  startedAt: '2026-12-01T08:00:00.000Z',
  lastUseAt: '2026-11-30T20:00:00.000Z',
  lastUseKind: 'short_acting',
  status: 'active',
  completedAt: null,
  outcome: null,
  nextLevel: null,
  version: 1,
});

const noStatus = {
  hoursSinceStart: 30,
  inPeakWindow: true,
  peakWindowHours: 72,
  dayOfCourse: 2,
  cowsTrend: null,
  cowsDelta: null,
  lastVitals: null,
  inductionReadiness: null,
  firstDoseAt: null,
};

export const board = wire(boardSchema, {
  facility: { id: facilityId, name: 'Riverside detox unit', timeZone: 'America/New_York' },
  generatedAt: '2026-12-01T14:00:00.000Z',
  items: [
    {
      ...noStatus,
      courseId: '0190a0b0-0000-7000-8000-000000000301',
      patientId: '0190a0b0-0000-7000-8000-000000000401',
      patientName: 'Rivera, Ana',
      mrn: 'W0000001',
      bed: '3A',
      protocolName: 'Buprenorphine induction',
      lastCows: { total: 14, band: 'moderate', observedAt: '2026-12-01T12:00:00.000Z' },
      cowsTrend: 'rising',
      cowsDelta: 6,
      lastVitals: {
        systolic: 142,
        diastolic: 91,
        heartRate: 108,
        respiratoryRate: 18,
        temperatureC: 37.4,
        spo2: 97,
        pain: 5,
        observedAt: '2026-12-01T12:00:00.000Z',
      },
      nextCheck: { dueAt: '2026-12-01T13:00:00.000Z', intervalMinutes: 60, reason: 'cows-high', overdue: true },
      inductionReadiness: { ready: true, cowsMet: true, hoursMet: true, hoursSinceUse: 18, hoursRequired: 12, reasons: [] },
      hoursSinceAdmission: 30.4,
      inFirst72HoursOfAdmission: true,
      alerts: [
        {
          id: '0190a0b0-0000-7000-8000-000000000601',
          actionTaken: null,
          actionRequired: false,
          patientId: '0190a0b0-0000-7000-8000-000000000401',
          facilityId: null,
          episodeId: '0190a0b0-0000-7000-8000-000000000201',
          kind: 'cows-rising',
          severity: 'warning',
          message: 'COWS rising: 8 → 14',
          raisedAt: '2026-12-01T12:00:00.000Z',
          acknowledgedAt: null,
          acknowledgedByName: null,
          escalatedAt: null,
          resolvedAt: null,
          audience: ['nurse', 'prescriber'],
        },
      ],
      overdoseRisk: false,
    },
    {
      ...noStatus,
      courseId: '0190a0b0-0000-7000-8000-000000000302',
      patientId: '0190a0b0-0000-7000-8000-000000000402',
      patientName: 'Okafor, Ben (Benny)',
      mrn: 'W0000002',
      bed: null,
      protocolName: 'Methadone stabilization',
      lastCows: null,
      nextCheck: { dueAt: '2026-12-01T16:00:00.000Z', intervalMinutes: 240, reason: 'routine', overdue: false },
      hoursSinceAdmission: 100,
      inFirst72HoursOfAdmission: false,
      alerts: [],
      overdoseRisk: true,
      firstDoseAt: '2026-11-30T10:00:00.000Z',
    },
  ],
});
