import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { patientObjectivesSchema } from '@waypoint/server/schemas/therapy';
import { ObjectiveField } from '../src/features/therapy/Objectives';

const signedPlan = patientObjectivesSchema.parse({
  patientId: '0190a0b0-0000-7000-8000-000000000001',
  planVersion: 2,
  objectives: [
    { id: 'o1', text: 'Uses urge surfing when cravings come', measure: 'Self-report', targetDate: '2027-01-15', goal: 'Stay clean' },
    { id: 'o2', text: 'Attends every group', measure: 'Attendance', targetDate: '2027-02-01', goal: 'Stay clean' },
  ],
});
const noPlan = patientObjectivesSchema.parse({ patientId: '0190a0b0-0000-7000-8000-000000000001', planVersion: null, objectives: [] });

function Harness({ plan }: { plan: typeof signedPlan }) {
  const [v, setV] = useState<{ objectiveId: string | null; freeText: string }>({ objectiveId: null, freeText: '' });
  return (
    <>
      <ObjectiveField label="Objective 1" plan={plan} objectiveId={v.objectiveId} freeText={v.freeText} onChange={setV} />
      <output>{JSON.stringify(v)}</output>
    </>
  );
}

describe('the objective picker on a therapy note', () => {
  it('offers only the signed plan’s objectives, by text and target date, and keeps the chosen id', async () => {
    render(<Harness plan={signedPlan} />);
    const select = screen.getByRole('combobox', { name: 'Objective 1' });
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options).toHaveLength(3);
    expect(options[1]).toMatch(/^Uses urge surfing when cravings come \(target .*2027/);
    expect(screen.queryByRole('textbox')).toBeNull();
    await userEvent.selectOptions(select, 'o2');
    expect(screen.getByRole('status').textContent).toBe(JSON.stringify({ objectiveId: 'o2', freeText: '' }));
  });

  it('falls back to free text, labelled as such, only when the patient has no signed plan', async () => {
    render(<Harness plan={noPlan} />);
    expect(screen.queryByRole('combobox')).toBeNull();
    const box = screen.getByRole('textbox', { name: 'Objective 1 (free text — no signed treatment plan yet)' });
    await userEvent.type(box, 'Sleep');
    expect(screen.getByRole('status').textContent).toBe(JSON.stringify({ objectiveId: null, freeText: 'Sleep' }));
  });
});
