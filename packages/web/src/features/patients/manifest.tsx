import type { WebStage } from '../../app/stage';
import { ChartPage } from './ChartPage';
import { PatientSearch } from './PatientSearch';
import { RegisterPatient } from './RegisterPatient';

export const patientsWeb: WebStage = {
  name: 'patients',
  nav: [{ to: '/patients', label: 'Patients', needs: 'patient.read' }],
  pages: [
    { pattern: '/patients', needs: 'patient.read', title: 'Patient search', render: () => <PatientSearch /> },
    { pattern: '/patients/new', needs: 'patient.create', title: 'Register a patient', render: (_, me) => <RegisterPatient me={me} /> },
    { pattern: '/patients/:id', needs: 'patient.read', title: 'Chart', render: (p, me) => <ChartPage patientId={p.id} me={me} /> },
  ],
};
