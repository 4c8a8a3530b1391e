-- Patient search for a facility's staff at network scale (issue 13): the patients registered at one
-- facility in name order, so a page of matches is read in index order and stops at the page size
-- (modules/patients/matching.ts), even when the name is common elsewhere but rare here.
create index patients_facility_search_order on patients (organization_id, facility_id, search_name, id);
