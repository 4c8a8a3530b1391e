import { consentRoutes } from './consents';
import { coverageRoutes } from './coverage';
import { inquiryRoutes } from './inquiries';
import { scheduleRoutes } from './schedule';
import { settingsRoutes } from './settings';
import { worklistRoutes } from './worklist';

export const admissionsRoutes = [...inquiryRoutes, ...scheduleRoutes, ...coverageRoutes, ...consentRoutes, ...worklistRoutes, ...settingsRoutes];
