-- Tenancy keys (DESIGN.md principle 10): organization_id first in every primary key, unique index and
-- foreign key, so the schema distributes on Citus by organization_id. Existing data is kept: the keys
-- are rebuilt around the same rows. Tables that stay global are named in docs/distribution.md.
-- Plain (non-unique) indexes on id alone stay where rows are looked up by id; they are allowed on a
-- distributed table and keep those lookups fast until every query names its organization.

-- 1. Foreign keys that point at single-column keys go first.
alter table facilities drop constraint facilities_organization_id_fkey;
alter table users drop constraint users_organization_id_fkey;
alter table user_facilities drop constraint user_facilities_facility_id_fkey;
alter table user_facilities drop constraint user_facilities_user_id_fkey;
alter table sessions drop constraint sessions_user_id_fkey;
alter table patients drop constraint patients_facility_id_fkey;
alter table patients drop constraint patients_user_id_fkey;
alter table episodes drop constraint episodes_created_by_fkey;
alter table episodes drop constraint episodes_facility_id_fkey;
alter table episodes drop constraint episodes_patient_id_fkey;
alter table level_of_care_changes drop constraint level_of_care_changes_changed_by_fkey;
alter table level_of_care_changes drop constraint level_of_care_changes_episode_id_fkey;
alter table care_team_members drop constraint care_team_members_episode_id_fkey;
alter table care_team_members drop constraint care_team_members_user_id_fkey;
alter table patient_events drop constraint patient_events_actor_id_fkey;
alter table patient_events drop constraint patient_events_episode_id_fkey;
alter table patient_events drop constraint patient_events_patient_id_fkey;
alter table alerts drop constraint alerts_acknowledged_by_fkey;
alter table alerts drop constraint alerts_episode_id_fkey;
alter table alerts drop constraint alerts_patient_id_fkey;
alter table wm_courses drop constraint wm_courses_episode_id_fkey;
alter table wm_courses drop constraint wm_courses_facility_id_fkey;
alter table wm_courses drop constraint wm_courses_patient_id_fkey;
alter table wm_courses drop constraint wm_courses_protocol_id_fkey;
alter table wm_courses drop constraint wm_courses_started_by_fkey;
alter table wm_observations drop constraint wm_observations_course_id_fkey;
alter table wm_observations drop constraint wm_observations_patient_id_fkey;
alter table wm_observations drop constraint wm_observations_recorded_by_fkey;
alter table wm_medication_events drop constraint wm_medication_events_basis_observation_id_fkey;
alter table wm_medication_events drop constraint wm_medication_events_course_id_fkey;
alter table wm_medication_events drop constraint wm_medication_events_patient_id_fkey;
alter table wm_medication_events drop constraint wm_medication_events_recorded_by_fkey;
alter table wm_reassessments drop constraint wm_reassessments_medication_event_id_fkey;
alter table wm_reassessments drop constraint wm_reassessments_recorded_by_fkey;

-- 2. Primary keys and unique constraints lead with organization_id.
alter table facilities drop constraint facilities_id_key;
create index facilities_id on facilities (id);
alter table users drop constraint users_id_key;
create index users_id on users (id);
alter table patients drop constraint patients_id_key;
create index patients_id on patients (id);
alter table episodes drop constraint episodes_id_key;
create index episodes_id on episodes (id);
alter table level_of_care_changes drop constraint level_of_care_changes_pkey, add primary key (organization_id, id);
alter table care_team_members drop constraint care_team_members_pkey, add primary key (organization_id, id);
alter table patient_events drop constraint patient_events_pkey, add primary key (organization_id, id);
alter table alerts drop constraint alerts_pkey, add primary key (organization_id, id);
alter table wm_protocols drop constraint wm_protocols_pkey, add primary key (organization_id, id);
alter table wm_courses drop constraint wm_courses_pkey, add primary key (organization_id, id);
alter table wm_observations drop constraint wm_observations_pkey, add primary key (organization_id, id);
alter table wm_medication_events drop constraint wm_medication_events_pkey, add primary key (organization_id, id);
alter table wm_reassessments drop constraint wm_reassessments_pkey, add primary key (organization_id, id);
create index alerts_id on alerts (id);
create index wm_protocols_id on wm_protocols (id);
create index wm_courses_id on wm_courses (id);
create index wm_medication_events_id on wm_medication_events (id);
create index care_team_members_id on care_team_members (id);
alter table audit_log drop constraint audit_log_id_key, add constraint audit_log_org_id_key unique (organization_id, id);

drop index patients_user;
create unique index patients_user on patients (organization_id, user_id) where user_id is not null;
drop index episodes_one_active;
create unique index episodes_one_active on episodes (organization_id, patient_id) where status = 'active';
drop index care_team_active;
create unique index care_team_active on care_team_members (organization_id, episode_id, user_id) where removed_at is null;
drop index wm_courses_one_active;
create unique index wm_courses_one_active on wm_courses (organization_id, episode_id) where status = 'active';
drop index wm_first_dose_once;
create unique index wm_first_dose_once on wm_medication_events (organization_id, course_id) where first_dose and outcome = 'given';

-- 3. Foreign keys again, each carrying the organization: a row can only point within its organization.
alter table facilities add constraint facilities_organization_id_fkey foreign key (organization_id) references organizations(id);
alter table users add constraint users_organization_id_fkey foreign key (organization_id) references organizations(id);
alter table user_facilities add constraint user_facilities_user_id_fkey foreign key (organization_id, user_id) references users(organization_id, id);
alter table user_facilities add constraint user_facilities_facility_id_fkey foreign key (organization_id, facility_id) references facilities(organization_id, id);
alter table sessions add constraint sessions_user_id_fkey foreign key (organization_id, user_id) references users(organization_id, id);
alter table patients add constraint patients_facility_id_fkey foreign key (organization_id, facility_id) references facilities(organization_id, id);
alter table patients add constraint patients_user_id_fkey foreign key (organization_id, user_id) references users(organization_id, id);
alter table episodes add constraint episodes_patient_id_fkey foreign key (organization_id, patient_id) references patients(organization_id, id);
alter table episodes add constraint episodes_facility_id_fkey foreign key (organization_id, facility_id) references facilities(organization_id, id);
alter table episodes add constraint episodes_created_by_fkey foreign key (organization_id, created_by) references users(organization_id, id);
alter table level_of_care_changes add constraint level_of_care_changes_episode_id_fkey foreign key (organization_id, episode_id) references episodes(organization_id, id);
alter table level_of_care_changes add constraint level_of_care_changes_changed_by_fkey foreign key (organization_id, changed_by) references users(organization_id, id);
alter table care_team_members add constraint care_team_members_episode_id_fkey foreign key (organization_id, episode_id) references episodes(organization_id, id);
alter table care_team_members add constraint care_team_members_user_id_fkey foreign key (organization_id, user_id) references users(organization_id, id);
alter table patient_events add constraint patient_events_patient_id_fkey foreign key (organization_id, patient_id) references patients(organization_id, id);
alter table patient_events add constraint patient_events_episode_id_fkey foreign key (organization_id, episode_id) references episodes(organization_id, id);
alter table patient_events add constraint patient_events_actor_id_fkey foreign key (organization_id, actor_id) references users(organization_id, id);
alter table alerts add constraint alerts_patient_id_fkey foreign key (organization_id, patient_id) references patients(organization_id, id);
alter table alerts add constraint alerts_episode_id_fkey foreign key (organization_id, episode_id) references episodes(organization_id, id);
alter table alerts add constraint alerts_acknowledged_by_fkey foreign key (organization_id, acknowledged_by) references users(organization_id, id);
alter table wm_courses add constraint wm_courses_episode_id_fkey foreign key (organization_id, episode_id) references episodes(organization_id, id);
alter table wm_courses add constraint wm_courses_patient_id_fkey foreign key (organization_id, patient_id) references patients(organization_id, id);
alter table wm_courses add constraint wm_courses_facility_id_fkey foreign key (organization_id, facility_id) references facilities(organization_id, id);
alter table wm_courses add constraint wm_courses_protocol_id_fkey foreign key (organization_id, protocol_id) references wm_protocols(organization_id, id);
alter table wm_courses add constraint wm_courses_started_by_fkey foreign key (organization_id, started_by) references users(organization_id, id);
alter table wm_observations add constraint wm_observations_course_id_fkey foreign key (organization_id, course_id) references wm_courses(organization_id, id);
alter table wm_observations add constraint wm_observations_patient_id_fkey foreign key (organization_id, patient_id) references patients(organization_id, id);
alter table wm_observations add constraint wm_observations_recorded_by_fkey foreign key (organization_id, recorded_by) references users(organization_id, id);
alter table wm_medication_events add constraint wm_medication_events_course_id_fkey foreign key (organization_id, course_id) references wm_courses(organization_id, id);
alter table wm_medication_events add constraint wm_medication_events_patient_id_fkey foreign key (organization_id, patient_id) references patients(organization_id, id);
alter table wm_medication_events add constraint wm_medication_events_basis_observation_id_fkey foreign key (organization_id, basis_observation_id) references wm_observations(organization_id, id);
alter table wm_medication_events add constraint wm_medication_events_recorded_by_fkey foreign key (organization_id, recorded_by) references users(organization_id, id);
alter table wm_reassessments add constraint wm_reassessments_medication_event_id_fkey foreign key (organization_id, medication_event_id) references wm_medication_events(organization_id, id);
alter table wm_reassessments add constraint wm_reassessments_recorded_by_fkey foreign key (organization_id, recorded_by) references users(organization_id, id);
