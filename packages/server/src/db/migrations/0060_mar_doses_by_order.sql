-- The unit's MAR reads the last two days of doses of the orders on the unit (by order and time): without
-- this index it read every dose of the organization (a year of daily window doses at network scale).
create index med_doses_order on med_doses (organization_id, order_id, given_at) where order_id is not null;
