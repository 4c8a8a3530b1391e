import type { WebStage } from '../../app/stage';
import { CareTeam } from './CareTeam';
import { CensusBoard } from './CensusBoard';
import { EpisodeActions } from './EpisodeActions';
import { EpisodeHistory } from './EpisodeHistory';

export const careWeb: WebStage = {
  name: 'care',
  nav: [{ to: '/census', label: 'Census', needs: 'census.read' }],
  pages: [{ pattern: '/census', needs: 'census.read', title: 'Census', render: (_, me) => <CensusBoard me={me} /> }],
  chartPanels: [
    {
      id: 'episode-actions',
      title: 'Admission and level of care',
      needs: 'episode.read',
      column: 'main',
      render: (p) => <EpisodeActions patientId={p.patientId} header={p.header} me={p.me} />,
    },
    {
      id: 'care-team',
      title: 'Care team',
      needs: 'care-team.read',
      column: 'side',
      render: (p) => (p.header.episode ? <CareTeam patientId={p.patientId} episodeId={p.header.episode.id} me={p.me} /> : null),
    },
    { id: 'episodes', title: 'Episodes of care', needs: 'episode.read', column: 'side', render: (p) => <EpisodeHistory patientId={p.patientId} /> },
  ],
};
