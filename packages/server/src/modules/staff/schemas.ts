import { z } from 'zod';
import { roles } from '@waypoint/clinical/care/roles';
import { itemsOf } from '../../platform/http/wire';

export const staffMemberSchema = z.object({ id: z.uuid(), displayName: z.string(), role: z.enum(roles) });
export const staffDirectory = itemsOf(staffMemberSchema);
