-- Alerts about a facility rather than one patient (a controlled-substance count that does not match
-- the ledger): patient_id may be empty when facility_id says where. One open alert per cause per facility.
alter table alerts alter column patient_id drop not null;
alter table alerts add column facility_id uuid;
alter table alerts add constraint alerts_facility_id_fkey foreign key (organization_id, facility_id) references facilities(organization_id, id);
alter table alerts add constraint alerts_patient_or_facility check (patient_id is not null or facility_id is not null);
create unique index alerts_open_facility_dedupe on alerts (organization_id, facility_id, dedupe_key)
  where patient_id is null and dedupe_key is not null and resolved_at is null;
create index alerts_open_facility on alerts (organization_id, facility_id) where patient_id is null and resolved_at is null;
