-- Bearer tokens become scoped, expiring and revocable (issue 12): each names the "resource.action"
-- pairs it may use (checked on top of the issuer's role), expires (at most a year), and has an id an
-- administrator can revoke it by. Tokens issued before this carried an administrator's whole role
-- with no end: they are ended here and must be reissued with scopes.
alter table sessions add column token_id uuid;
alter table sessions add column scopes text[];
alter table sessions add column expires_at timestamptz;
alter table sessions add column ended_by uuid;
create unique index sessions_token_id on sessions (token_id) where token_id is not null;
create index sessions_api_tokens on sessions (organization_id, created_at desc) where kind = 'api-token';
update sessions set ended_at = now() where kind = 'api-token' and ended_at is null;
alter table sessions add constraint sessions_api_token_shape check (kind <> 'api-token' or ended_at is not null or (token_id is not null and scopes is not null and expires_at is not null));
