// The medication API's shapes, derived from the server's response schemas (modules/medication/schemas.ts):
// type-only imports, so no server code is bundled.
import type { z } from 'zod';
import type {
  bottleSchema,
  bottlesSchema,
  containerSchema,
  countSchema,
  doseSchema,
  doseScreenSchema,
  dispensingLogSchema,
  findingSchema,
  labelsSchema,
  ledgerSchema,
  ledgerEntrySchema,
  marOrderSchema,
  marSchema,
  medicationListSchema,
  orderSchema,
  pourableSchema,
  searchHitSchema,
  searchHitsSchema,
  stockViewSchema,
  stopSchema,
  takeHomesSchema,
  planSchema,
  transferSchema,
  worklistSchema,
} from '@waypoint/server/schemas/medication';
import type { staffDirectory } from '@waypoint/server/schemas/staff';

export type Finding = z.infer<typeof findingSchema>;
export type Order = z.infer<typeof orderSchema>;
export type DoseOut = z.infer<typeof doseSchema>;
export type MedicationList = z.infer<typeof medicationListSchema>;
export type SearchHit = z.infer<typeof searchHitSchema>;
export type SearchHits = z.infer<typeof searchHitsSchema>;
export type Stop = z.infer<typeof stopSchema>;
export type DoseScreen = z.infer<typeof doseScreenSchema>;
export type Pourable = z.infer<typeof pourableSchema>;
export type MarView = z.infer<typeof marSchema>;
export type MarOrder = z.infer<typeof marOrderSchema>;
export type Container = z.infer<typeof containerSchema>;
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
export type Ledger = z.infer<typeof ledgerSchema>;
export type Transfer = z.infer<typeof transferSchema>;
export type StockView = z.infer<typeof stockViewSchema>;
export type CountResult = z.infer<typeof countSchema>;
export type DispensingLog = z.infer<typeof dispensingLogSchema>;
export type WorkListView = z.infer<typeof worklistSchema>;
export type Bottle = z.infer<typeof bottleSchema>;
export type Bottles = z.infer<typeof bottlesSchema>;
export type Labels = z.infer<typeof labelsSchema>;
export type TakeHomePlan = z.infer<typeof planSchema>;
export type TakeHomes = z.infer<typeof takeHomesSchema>;
export type StaffDirectory = z.infer<typeof staffDirectory>;
