import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { myAlertSchema } from '@waypoint/server/schemas/alerts';
import { api } from '../../api/client';

/** An alert meant for me: about a patient (name, MRN, bed) or about a facility (its name). */
export type MyAlert = z.infer<typeof myAlertSchema>;

/** Open alerts meant for me, polled in the background (it never keeps a session alive). */
export function useMyAlerts(enabled = true) {
  return useQuery({ queryKey: ['my-alerts'], queryFn: () => api.get<{ items: MyAlert[] }>('/alerts', true), refetchInterval: 30_000, enabled });
}
