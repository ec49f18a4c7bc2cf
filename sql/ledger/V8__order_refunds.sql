-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- A refund of a paid order is a freeze row too, the payment in reverse: its account_id is the
-- order's payee (whose available is frozen by the try), its payee_account_id the paying leg's
-- account (credited by the confirm). Same table, same state table, same guards (empty
-- rollback, suspension, duplicate confirm and cancel, resent try).
ALTER TABLE freeze ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'PAYMENT';
-- the order-service refund this branch is a leg of; NULL on payments
ALTER TABLE freeze ADD COLUMN refund_no VARCHAR(64);
-- On a payment's freeze: how much of its capture live refunds (TRIED or CONFIRMED) claim.
-- A refund's try raises it with a conditional UPDATE (refund_claimed + amount <= amount) in
-- its own local transaction and its release lowers it, so refunded <= captured per order and
-- paying account holds however many refunds race, from however many order-service instances.
ALTER TABLE freeze ADD COLUMN refund_claimed BIGINT NOT NULL DEFAULT 0;
-- a refund's live key is refund|<refundNo>|<leg account>: up to 6 + 64 + 1 + 64 characters
ALTER TABLE freeze MODIFY COLUMN live_key VARCHAR(140);
ALTER TABLE freeze ADD CONSTRAINT ck_freeze_kind CHECK (kind IN ('PAYMENT', 'REFUND') AND (kind = 'REFUND' OR refund_no IS NULL));
ALTER TABLE freeze ADD CONSTRAINT ck_freeze_refund_claimed CHECK (refund_claimed >= 0 AND refund_claimed <= amount);
