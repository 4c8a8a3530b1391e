import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Facility } from '../api/types';

/** Each facility's IANA zone, by facility id (undefined until the list is loaded). */
export function useZones(enabled = true): (facilityId: string | null | undefined) => string | undefined {
  const facilities = useQuery({ queryKey: ['facilities'], queryFn: () => api.get<{ items: Facility[] }>('/facilities'), staleTime: 300_000, enabled });
  return (id) => facilities.data?.items.find((f) => f.id === id)?.timeZone;
}

/** The facility's IANA zone, for showing its times (undefined until known or without a facility). */
export function useFacilityZone(facilityId: string | null | undefined): string | undefined {
  return useZones(!!facilityId)(facilityId);
}

/** The zone shared by all these facilities (a user's own), or undefined when they differ. */
export function useCommonZone(facilityIds: string[]): string | undefined {
  const zoneOf = useZones(facilityIds.length > 0);
  const zones = new Set(facilityIds.map(zoneOf));
  return zones.size === 1 ? [...zones][0] : undefined;
}
