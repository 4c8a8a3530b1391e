-- The unit's MAR shows a facility's open containers, the one last dispensed from first: the
-- latest dispense of a container is one probe here, where it read every ledger row of the container
-- (~15,000 after 90 days of window doses at network scale: 53 ms of the unit's MAR, issue 13).
create index med_ledger_last_dispense on med_ledger (organization_id, container_id, occurred_at) where kind = 'dispense';
