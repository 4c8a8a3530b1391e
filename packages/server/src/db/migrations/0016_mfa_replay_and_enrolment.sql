-- Second factor (issue 12): a TOTP code is accepted once (the last used time-step is kept per user),
-- and where the organization requires MFA a user enrols only with a one-time enrolment code an
-- administrator issued (the password alone does not let a thief bind their own authenticator).
alter table users add column mfa_last_step bigint;
alter table users add column mfa_enrolment_code_hash text;
alter table users add column mfa_enrolment_expires_at timestamptz;
