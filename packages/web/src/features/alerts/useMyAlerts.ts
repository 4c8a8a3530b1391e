import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Alert } from '../../api/types';

export type MyAlert = Alert & { patientName: string; mrn: string; bed: string | null };

/** Open alerts meant for me, polled in the background (it never keeps a session alive). */
export function useMyAlerts(enabled = true) {
  return useQuery({ queryKey: ['my-alerts'], queryFn: () => api.get<{ items: MyAlert[] }>('/alerts', true), refetchInterval: 30_000, enabled });
}
