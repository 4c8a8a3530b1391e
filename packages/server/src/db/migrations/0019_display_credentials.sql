-- A display credential: a bearer token an administrator issues for ONE facility's unit board on a
-- wall screen. It reads that board and nothing else, and the idle time-out does not apply to it.
alter table sessions drop constraint sessions_kind_check;
alter table sessions add constraint sessions_kind_check check (kind in ('session', 'api-token', 'display'));
alter table sessions add column facility_id uuid;
alter table sessions add constraint sessions_display_has_facility check ((kind = 'display') = (facility_id is not null));
alter table sessions add constraint sessions_facility_id_fkey foreign key (organization_id, facility_id) references facilities(organization_id, id);
