import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setSignedOutHandler } from '../api/client';
import type { Me } from '../api/types';
import { SignIn } from '../features/auth/SignIn';
import { Mfa } from '../features/auth/Mfa';
import { Portal } from '../features/portal/Portal';
import { StaffShell } from './StaffShell';
import { navigate, usePath } from './router';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { WallDisplay, wallDisplayRequest } from '../features/withdrawal/WallDisplay';

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => api.get<Me>('/auth/me'),
    retry: false,
    staleTime: 60_000,
  });
}

export function App() {
  usePath();
  const wall = wallDisplayRequest();
  // A wall display with its own display credential needs no one signed in.
  if (wall?.token) {
    return (
      <ErrorBoundary name="Wall display">
        <WallDisplay facilityId={wall.facilityId} token={wall.token} />
      </ErrorBoundary>
    );
  }
  return <SignedInApp wall={wall} />;
}

function SignedInApp({ wall }: { wall: { facilityId: string } | null }) {
  const queryClient = useQueryClient();
  const me = useMe();
  const [notice, setNotice] = useState('');
  useEffect(() => {
    setSignedOutHandler((reason) => {
      if (reason) setNotice(reason);
      queryClient.setQueryData(['me'], null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    });
  }, [queryClient]);

  if (me.isPending) return <p className="loading">Loading Waypoint…</p>;
  const signedOut = !me.data || (me.error instanceof ApiError && me.error.status === 401);
  if (signedOut)
    return (
      <SignIn
        notice={notice}
        onSignedIn={(m) => {
          setNotice('');
          queryClient.setQueryData(['me'], m);
        }}
      />
    );
  const current = me.data!;
  if (current.session.mfaRequired && !current.session.mfaVerified) {
    return <Mfa me={current} onVerified={(m) => queryClient.setQueryData(['me'], m)} />;
  }
  // Patients and family members have the portal and nothing else.
  if (current.permissions.includes('portal.read')) return <Portal me={current} />;
  if (wall) {
    return (
      <ErrorBoundary name="Wall display">
        <WallDisplay facilityId={wall.facilityId} onExit={() => navigate('/withdrawal')} />
      </ErrorBoundary>
    );
  }
  return <StaffShell me={current} />;
}
