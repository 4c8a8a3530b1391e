-- Medication for opioid use disorder (issue 9): orders, the dosing window, take-homes, the
-- controlled-substance ledger and the medication administration record. The medication stage owns
-- every med_ table. Doses and ledger entries are the legal record: append-only (trigger below),
-- corrections are new rows pointing at the old one (DESIGN.md principle 3).

-- Program settings per facility: the jurisdiction whose rule set applies, and local limits.
create table med_settings (
  organization_id uuid not null,
  facility_id uuid not null,
  jurisdiction text not null default 'federal' check (jurisdiction in ('federal', 'virginia')),
  missed_dose_limit integer not null default 3 check (missed_dose_limit between 1 and 30),
  take_home_program_max integer check (take_home_program_max between 0 and 28),
  version integer not null default 1,
  primary key (organization_id, facility_id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id)
);

-- An order; its changes are new versions in med_order_versions (the row holds the current one).
create table med_orders (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  facility_id uuid not null,
  episode_id uuid,
  medication text not null,
  name text not null,
  form text not null,
  route text not null,
  dose_mg numeric(10, 3) not null check (dose_mg >= 0),
  first_day_doses_mg numeric[] ,
  split_doses_mg numeric[],
  frequency text not null check (frequency in ('daily', 'weekly', 'monthly', 'scheduled', 'prn', 'once')),
  schedule_times text[] not null default '{}',
  prn_min_hours numeric,
  prn_max_daily_mg numeric,
  hold_parameters jsonb,
  titration jsonb not null default '[]',
  start_day date not null,
  end_day date,
  status text not null check (status in ('pending_cosign', 'active', 'held', 'stopped')),
  entry text not null check (entry in ('written', 'verbal', 'telephone')),
  ordered_by uuid not null,
  entered_by uuid not null,
  signed_by uuid,
  signed_at timestamptz,
  rule_set text not null,
  findings jsonb not null default '[]',
  status_reason text,
  instructions text,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  check ((status = 'pending_cosign') = (signed_at is null)),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id),
  foreign key (organization_id, episode_id) references episodes(organization_id, id),
  foreign key (organization_id, ordered_by) references users(organization_id, id),
  foreign key (organization_id, entered_by) references users(organization_id, id),
  foreign key (organization_id, signed_by) references users(organization_id, id)
);
create index med_orders_patient on med_orders (organization_id, patient_id, status);
create index med_orders_cosign on med_orders (organization_id, ordered_by) where status = 'pending_cosign';
create index med_orders_facility on med_orders (organization_id, facility_id, status);

-- Every version of every order, as written (append-only): who, why, and the findings with overrides.
create table med_order_versions (
  organization_id uuid not null,
  order_id uuid not null,
  version integer not null,
  change text not null,
  snapshot jsonb not null,
  findings jsonb not null default '[]',
  reason text,
  changed_by uuid not null,
  changed_at timestamptz not null,
  primary key (organization_id, order_id, version),
  foreign key (organization_id, order_id) references med_orders(organization_id, id),
  foreign key (organization_id, changed_by) references users(organization_id, id)
);

-- A controlled-substance stock container (a bottle of methadone concentrate, a box of films).
create table med_containers (
  organization_id uuid not null,
  id uuid not null,
  facility_id uuid not null,
  medication text not null,
  form text not null,
  label text not null,
  lot text,
  unit text not null check (unit in ('ml', 'unit')),
  -- mg per mL (liquid) or mg per tablet / film / syringe.
  strength_mg numeric(10, 3) not null check (strength_mg > 0),
  -- The running balance, changed only in the same transaction as the ledger row that moves it.
  balance numeric(12, 3) not null default 0 check (balance >= 0),
  status text not null default 'open' check (status in ('open', 'closed')),
  version integer not null default 1,
  created_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id)
);
create index med_containers_facility on med_containers (organization_id, facility_id, status);

-- The perpetual ledger: every movement of every container, append-only, balance after each.
create table med_ledger (
  organization_id uuid not null,
  id uuid not null,
  container_id uuid not null,
  kind text not null check (kind in ('receipt', 'dispense', 'transfer_out', 'transfer_in', 'adjustment', 'waste', 'destruction')),
  quantity numeric(12, 3) not null,
  mg numeric(12, 3) not null,
  balance_after numeric(12, 3) not null check (balance_after >= 0),
  dose_id uuid,
  supplier text,
  order_form_number text,
  counterpart_container_id uuid,
  reason text,
  recorded_by uuid not null,
  second_signer uuid,
  occurred_at timestamptz not null,
  -- The order movements were applied to the container (taken under its row lock): the ledger's order.
  seq bigint not null,
  primary key (organization_id, id),
  foreign key (organization_id, container_id) references med_containers(organization_id, id),
  foreign key (organization_id, recorded_by) references users(organization_id, id),
  foreign key (organization_id, second_signer) references users(organization_id, id)
);
create sequence med_ledger_seq;
create index med_ledger_container on med_ledger (organization_id, container_id, seq);
create unique index med_ledger_dose on med_ledger (organization_id, dose_id) where dose_id is not null;

-- Every dose event: given (regular, split part, additional, take-home, guest, MAR), held, refused,
-- no-show, a naloxone kit, or a dose given elsewhere recorded as outside information.
create table med_doses (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  facility_id uuid not null,
  order_id uuid,
  order_version integer,
  kind text not null check (kind in ('regular', 'split', 'additional', 'take_home', 'mar', 'prn', 'held', 'refused', 'no_show', 'naloxone_kit', 'outside')),
  dosing_day date not null,
  medication text not null,
  form text not null,
  dose_mg numeric(10, 3),
  volume_ml numeric(10, 3),
  units numeric(10, 3),
  container_id uuid,
  observed boolean not null default true,
  guest_program text,
  outside_source text,
  scheduled_for timestamptz,
  reason text,
  hold_check jsonb,
  findings jsonb not null default '[]',
  override_reason text,
  corrects_id uuid,
  given_by uuid not null,
  given_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id),
  foreign key (organization_id, order_id) references med_orders(organization_id, id),
  foreign key (organization_id, container_id) references med_containers(organization_id, id),
  foreign key (organization_id, given_by) references users(organization_id, id)
);
-- The guard (DESIGN.md principle 5): exactly one regular dose per patient per local dosing day; a
-- take-home bottle for a day counts as that day's dose.
create unique index med_doses_one_regular on med_doses (organization_id, patient_id, dosing_day) where kind in ('regular', 'take_home');
create unique index med_doses_one_split on med_doses (organization_id, patient_id, dosing_day) where kind = 'split';
create unique index med_doses_one_scheduled on med_doses (organization_id, order_id, scheduled_for) where kind = 'mar';
create index med_doses_patient on med_doses (organization_id, patient_id, dosing_day desc);
create index med_doses_facility_day on med_doses (organization_id, facility_id, dosing_day);

-- Take-home decisions: eligibility under the rule set, the documented criteria, the program's decision.
create table med_take_home_plans (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  order_id uuid not null,
  rule_set text not null,
  treatment_day integer not null,
  days text[] not null,
  closure_days text[] not null default '{}',
  criteria text[] not null,
  allowed_days integer,
  findings jsonb not null default '[]',
  rationale text not null,
  decided_by uuid not null,
  decided_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, order_id) references med_orders(organization_id, id),
  foreign key (organization_id, decided_by) references users(organization_id, id)
);
create index med_take_home_patient on med_take_home_plans (organization_id, patient_id, decided_at desc);

-- Returned-bottle checks and random call-backs, with their outcome.
create table med_bottle_checks (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  kind text not null check (kind in ('returned_bottle', 'call_back')),
  outcome text not null check (outcome in ('ok', 'missing', 'tampered', 'no_show', 'discrepancy')),
  dose_id uuid,
  note text,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, dose_id) references med_doses(organization_id, id),
  foreign key (organization_id, recorded_by) references users(organization_id, id)
);
create index med_bottle_checks_patient on med_bottle_checks (organization_id, patient_id, recorded_at desc);

-- Daily counts: what was counted against what the ledger says.
create table med_counts (
  organization_id uuid not null,
  id uuid not null,
  facility_id uuid not null,
  container_id uuid not null,
  count_day date not null,
  counted numeric(12, 3) not null check (counted >= 0),
  ledger_balance numeric(12, 3) not null,
  discrepancy numeric(12, 3) not null,
  note text,
  counted_by uuid not null,
  counted_at timestamptz not null,
  reviewed_by uuid,
  reviewed_at timestamptz,
  review_note text,
  primary key (organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id),
  foreign key (organization_id, container_id) references med_containers(organization_id, id),
  foreign key (organization_id, counted_by) references users(organization_id, id),
  foreign key (organization_id, reviewed_by) references users(organization_id, id)
);
create index med_counts_facility on med_counts (organization_id, facility_id, count_day desc);
create index med_counts_open on med_counts (organization_id, facility_id) where discrepancy <> 0 and reviewed_at is null;

-- Waste and destruction wait for a second signer before the ledger moves.
create table med_waste (
  organization_id uuid not null,
  id uuid not null,
  container_id uuid not null,
  kind text not null check (kind in ('waste', 'destruction')),
  quantity numeric(12, 3) not null check (quantity > 0),
  reason text not null,
  requested_by uuid not null,
  requested_at timestamptz not null,
  signed_by uuid,
  signed_at timestamptz,
  ledger_id uuid,
  primary key (organization_id, id),
  check (signed_by is null or signed_by <> requested_by),
  foreign key (organization_id, container_id) references med_containers(organization_id, id),
  foreign key (organization_id, requested_by) references users(organization_id, id),
  foreign key (organization_id, signed_by) references users(organization_id, id)
);

-- Prescriber review of a missed-dose run: the count restarts after it.
create table med_reviews (
  organization_id uuid not null,
  id uuid not null,
  order_id uuid not null,
  patient_id uuid not null,
  note text not null,
  reviewed_by uuid not null,
  reviewed_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, order_id) references med_orders(organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, reviewed_by) references users(organization_id, id)
);
create index med_reviews_order on med_reviews (organization_id, order_id, reviewed_at desc);

create trigger med_doses_append_only before update or delete on med_doses for each row execute function append_only();
create trigger med_ledger_append_only before update or delete on med_ledger for each row execute function append_only();
create trigger med_order_versions_append_only before update or delete on med_order_versions for each row execute function append_only();
create trigger med_bottle_checks_append_only before update or delete on med_bottle_checks for each row execute function append_only();

-- A ledger row moves its container's balance in the same statement: the row lock on the container
-- serializes movements, the balance check refuses anything that would go below zero, and
-- balance_after is the true running balance. No code path can move stock without a ledger row.
create or replace function med_ledger_apply() returns trigger language plpgsql as $$
begin
  update med_containers set balance = balance + new.quantity, version = version + 1
   where organization_id = new.organization_id and id = new.container_id
  returning balance into new.balance_after;
  if new.balance_after is null then
    raise exception 'container % not found', new.container_id using errcode = '23503';
  end if;
  -- Taken after the container's row lock: per container, seq order is the order of application.
  new.seq := nextval('med_ledger_seq');
  return new;
end;
$$;
create trigger med_ledger_apply before insert on med_ledger for each row execute function med_ledger_apply();

-- One daily window order (methadone or buprenorphine) in force per patient: a change is a new version.
create unique index med_orders_one_window on med_orders (organization_id, patient_id)
  where status <> 'stopped' and frequency = 'daily' and medication in ('methadone', 'buprenorphine', 'buprenorphine_naloxone');
