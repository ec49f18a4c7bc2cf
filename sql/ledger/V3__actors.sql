-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- Who did it, beside every change that moves money or settles a dispute: the subject of the
-- caller's token (a client id or a user name), or a system actor (seata-tc for the TC's
-- phase two, sentinel for the recovery sentinel). Rows written before this migration did not
-- record their caller: they say 'unknown:before-v3', except where the system actor is known
-- from created_by / settled_by.

-- Every money movement. created_by stays the channel (API, TCC, TC, SENTINEL); actor is who.
ALTER TABLE journal_tx ADD COLUMN actor VARCHAR(128);
UPDATE journal_tx SET actor = CASE created_by
    WHEN 'TC' THEN 'seata-tc'
    WHEN 'SENTINEL' THEN 'sentinel'
    ELSE 'unknown:before-v3' END;
ALTER TABLE journal_tx MODIFY COLUMN actor VARCHAR(128) NOT NULL;

-- The caller of the try (order-service's client id). NULL only on an empty-rollback marker:
-- a cancel that found no try wrote it, and no try was ever made.
ALTER TABLE freeze ADD COLUMN tried_by VARCHAR(128);
UPDATE freeze SET tried_by = 'unknown:before-v3'
 WHERE status <> 'CANCELLED'
    OR EXISTS (SELECT 1 FROM journal_tx t
                WHERE t.xid = freeze.xid AND t.branch_id = freeze.branch_id AND t.kind = 'FREEZE');
ALTER TABLE freeze ADD CONSTRAINT ck_freeze_tried_by CHECK (tried_by IS NOT NULL OR status = 'CANCELLED');

-- A deposit is a manual adjustment: a person says why, and who they are is kept.
ALTER TABLE deposit ADD COLUMN reason VARCHAR(200);
ALTER TABLE deposit ADD COLUMN actor VARCHAR(128);
UPDATE deposit SET reason = 'no reason recorded (before v3)', actor = 'unknown:before-v3';
ALTER TABLE deposit MODIFY COLUMN reason VARCHAR(200) NOT NULL;
ALTER TABLE deposit MODIFY COLUMN actor VARCHAR(128) NOT NULL;

ALTER TABLE transfer ADD COLUMN actor VARCHAR(128);
UPDATE transfer SET actor = 'unknown:before-v3';
ALTER TABLE transfer MODIFY COLUMN actor VARCHAR(128) NOT NULL;

-- The resolver is now the token's subject, no longer a name typed into the request: as wide
-- as every other actor column. Earlier resolutions keep the name they were given.
ALTER TABLE anomaly MODIFY COLUMN resolved_by VARCHAR(128);
