-- Each organization's chain head in a row of its own (issue 13). The chainer found the head as the
-- newest chained row of audit_log, a plan that leans on fresh statistics: with them stale (a young
-- organization, or autovacuum behind), PostgreSQL read every row of the organization to sort them,
-- 34 ms at 67,000 rows, once a quarter second. Written only by the chainer, under the organization's
-- chain lock, in the transaction that links the rows. Verification still walks audit_log itself.
create table audit_chain_heads (
  organization_id uuid primary key,
  seq bigint not null,
  hash text not null
);
insert into audit_chain_heads (organization_id, seq, hash)
select distinct on (organization_id) organization_id, seq, hash
from audit_log where seq is not null
order by organization_id, seq desc;
