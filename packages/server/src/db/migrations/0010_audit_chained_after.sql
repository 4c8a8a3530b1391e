-- Audit without a global lock (issue 13): a request appends its audit rows with no lock and no read of
-- the chain's head, each row carrying a keyed MAC of its own content; one writer per organization
-- (the chainer) then gives the rows their place in the organization's hash chain (seq, prev_hash,
-- hash), in a short transaction of its own. The MAC makes an unchained row as tamper-evident as a
-- chained one (an edit or a forged row fails it); the chain adds order and catches deletions, and the
-- signed anchor catches deleted newest rows.
alter table audit_log drop constraint audit_log_pkey;
alter table audit_log drop constraint audit_log_id_key;
alter table audit_log alter column seq drop not null;
alter table audit_log alter column prev_hash drop not null;
alter table audit_log alter column hash drop not null;
alter table audit_log add column mac text;
alter table audit_log add primary key (organization_id, id);
create unique index audit_log_chain on audit_log (organization_id, seq) where seq is not null;
create index audit_log_unchained on audit_log (organization_id, id) where seq is null;
create index audit_log_recent on audit_log (organization_id, occurred_at desc, id desc);

-- Still append-only for the application: the one update allowed is the chainer's, filling the chain
-- fields of a row that has none, every other field unchanged.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.seq is null and old.prev_hash is null and old.hash is null
     and new.seq is not null and new.prev_hash is not null and new.hash is not null
     and (new.organization_id, new.id, new.occurred_at, new.user_id, new.role, new.patient_id, new.resource_type,
          new.resource_id, new.action, new.outcome, new.source_ip, new.request_id, new.mac)
         is not distinct from
         (old.organization_id, old.id, old.occurred_at, old.user_id, old.role, old.patient_id, old.resource_type,
          old.resource_id, old.action, old.outcome, old.source_ip, old.request_id, old.mac) then
    return new;
  end if;
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
end;
$$;
