import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { flowsheetEntryResult } from '@waypoint/server/schemas/withdrawal';
import { FlowsheetEntry } from '../src/features/withdrawal/FlowsheetEntry';
import { course } from './fixtures';
import { fakeApi, renderWithQuery, wire, type Sent } from './fake-api';

const saved = (sent: Sent) =>
  wire(flowsheetEntryResult, {
    observation: {
      id: '0190a0b0-0000-7000-8000-000000000701',
      observedAt: '2026-12-01T14:00:00.000Z',
      recordedByName: 'Nora Nurse',
      cows: { total: 14, band: 'moderate', items: (sent.body as { cows: { items: Record<string, number> } }).cows.items, pulseBpm: 112 },
      sows: null,
      vitals: { systolic: 142, diastolic: 91, heartRate: 112, respiratoryRate: null, temperatureC: null, spo2: null, pain: null },
      note: null,
    },
    status: {
      hoursSinceStart: 30,
      inPeakWindow: true,
      peakWindowHours: 72,
      dayOfCourse: 2,
      lastCows: { total: 14, band: 'moderate', observedAt: '2026-12-01T14:00:00.000Z' },
      cowsTrend: 'rising',
      cowsDelta: 6,
      lastVitals: null,
      nextCheck: { dueAt: '2026-12-01T15:00:00.000Z', intervalMinutes: 60, reason: 'cows-high', overdue: false },
      inductionReadiness: null,
      firstDoseAt: null,
    },
    alertsRaised: [{ id: '0190a0b0-0000-7000-8000-000000000602', kind: 'cows-rising', severity: 'warning', message: 'COWS rising: 8 → 14' }],
  });

describe('flowsheet entry (COWS and vitals)', () => {
  it('scores COWS live as the nurse answers, pulse typed key by key scoring item 1, and saves one entry', async () => {
    const user = userEvent.setup();
    const api = fakeApi({ [`POST /withdrawal/${course.id}/observations`]: (s) => ({ status: 201, body: saved(s) }) });
    renderWithQuery(<FlowsheetEntry course={course} />);

    const cowsForm = screen.getByRole('group', { name: /Clinical Opiate Withdrawal Scale/i });
    const total = within(cowsForm).getByRole('status');
    expect(total.textContent).toContain('11 of 11 items left');

    await user.type(screen.getByLabelText('Resting pulse (bpm)'), '1x12'); // a stray letter is ignored
    expect((screen.getByLabelText('Resting pulse (bpm)') as HTMLInputElement).value).toBe('112');
    expect(total.textContent).toContain('10 of 11 items left'); // 112 bpm scores item 1 (2 points) by itself
    expect(screen.queryByLabelText(/^Heart rate/)).toBeNull(); // the pulse is the heart rate

    await user.type(screen.getByLabelText(/^Systolic BP/), '142');
    await user.type(screen.getByLabelText(/^Diastolic BP/), '91');

    // Every other item: click the first choice of its group, then arrow keys to the score, as at the bedside.
    const groups = within(cowsForm)
      .getAllByRole('radiogroup')
      .filter((g) => !within(g).getAllByRole('radio')[0].hasAttribute('disabled'));
    expect(groups).toHaveLength(10);
    for (const g of groups) {
      const radios = within(g).getAllByRole('radio');
      await user.click(radios[0]);
      await user.keyboard('{ArrowRight}');
    }
    expect(total.textContent).toMatch(/^Total \d+ · /);
    const shown = Number(/Total (\d+)/.exec(total.textContent ?? '')![1]);

    await user.click(screen.getByRole('button', { name: 'Record entry' }));
    expect(await screen.findByText(/Alert raised: COWS rising: 8 → 14/)).toBeTruthy();

    const post = api.sent.find((s) => s.method === 'POST')!;
    expect(post.headers['idempotency-key']).toBeTruthy();
    const body = post.body as { cows: { items: Record<string, number>; pulseBpm: number }; vitals: Record<string, number> };
    expect(body.cows.pulseBpm).toBe(112);
    expect(body.cows.items).not.toHaveProperty('pulse'); // the server scores the pulse from the rate
    expect(Object.keys(body.cows.items)).toHaveLength(10);
    expect(body.vitals).toEqual({ systolic: 142, diastolic: 91 });
    // The total the nurse saw is the one the clinical package computes from what was sent.
    expect(Object.values(body.cows.items).reduce((a, b) => a + b, 0) + 2).toBe(shown);
    // The form is cleared for the next check.
    expect((screen.getByLabelText('Resting pulse (bpm)') as HTMLInputElement).value).toBe('');
  });

  it('shows the server’s problem, naming the field, when the entry is refused', async () => {
    const user = userEvent.setup();
    fakeApi({
      [`POST /withdrawal/${course.id}/observations`]: {
        status: 400,
        body: {
          type: 'about:blank',
          title: 'Invalid request',
          status: 400,
          detail: 'vitals.systolic: must be 40 to 300',
          errors: [{ field: 'vitals.systolic', rule: 'range', message: 'vitals.systolic: must be 40 to 300' }],
        },
      },
    });
    renderWithQuery(<FlowsheetEntry course={course} />);
    await user.type(screen.getByLabelText(/^Systolic BP/), '1420');
    await user.click(screen.getByRole('button', { name: 'Record entry' }));
    expect(await screen.findByText(/vitals\.systolic: must be 40 to 300/)).toBeTruthy();
  });
});
