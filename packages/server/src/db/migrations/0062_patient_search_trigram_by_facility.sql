-- Patient search for a facility's staff at network scale (issue 13): the patients registered at a
-- facility whose name holds a substring, found through a trigram index that carries the facility
-- (btree_gin gives GIN the uuid equality), however late the name sorts (modules/patients/matching.ts).
-- The facility, not the organization, is the key: a facility id belongs to one organization, and an
-- organization key (one posting list as long as the organization) made the scan read 4x the pages
-- ("walker123": 360 against 92, 6.5 ms against 1.6). The query still says the organization. No pending
-- list (fastupdate off): a search would scan every registration not yet merged into the index, while a
-- registration is rare and pays the merge at once.
create extension if not exists btree_gin;
create index patients_facility_name_trgm on patients using gin (facility_id, search_name gin_trgm_ops) with (fastupdate = off);
-- A finer histogram of search names, so the planner's estimate of a substring's matches is close enough
-- to choose between reading a facility's patients in care and reading the organization's matches
-- ("nguyen4": estimated 100, 4,640 found, and the wrong side chosen at the default target).
alter table patients alter column search_name set statistics 1000;
