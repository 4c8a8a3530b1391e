-- Patient search in name order at a million patients (issue 13): the page of matches is read in
-- index order and stops at the page size, instead of every match being sorted first.
create index patients_search_order on patients (organization_id, search_name, id);
