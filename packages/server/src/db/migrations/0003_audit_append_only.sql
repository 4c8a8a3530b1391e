-- The audit log is append-only for the application: an UPDATE or DELETE fails, whoever sends it
-- (security.md G.61). Only someone who can drop the trigger (a database owner) can alter history, and
-- the hash chain then shows where.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
end;
$$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
