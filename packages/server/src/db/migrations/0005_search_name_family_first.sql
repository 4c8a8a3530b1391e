-- Search results sort by the search name: family name first, as a clinic list reads.
update patients
   set search_name = trim(regexp_replace(lower(legal_family_name || ' ' || legal_given_name || ' ' || coalesce(preferred_name, '')), '\s+', ' ', 'g'));
