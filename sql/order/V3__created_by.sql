-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- Who placed the order: the subject of the caller's access token. Orders placed before callers
-- were authenticated have no known caller and say so, rather than naming someone.
ALTER TABLE orders ADD COLUMN created_by VARCHAR(128);
UPDATE orders SET created_by = 'unrecorded' WHERE created_by IS NULL;
ALTER TABLE orders MODIFY created_by VARCHAR(128) NOT NULL;
