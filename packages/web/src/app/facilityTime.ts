import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Facility } from '../api/types';

/** The facility's IANA zone, for showing its times (undefined until known or without a facility). */
export function useFacilityZone(facilityId: string | null | undefined): string | undefined {
  const facilities = useQuery({ queryKey: ['facilities'], queryFn: () => api.get<{ items: Facility[] }>('/facilities'), staleTime: 300_000, enabled: !!facilityId });
  return facilities.data?.items.find((f) => f.id === facilityId)?.timeZone;
}
