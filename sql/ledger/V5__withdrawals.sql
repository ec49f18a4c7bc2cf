-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- A payout from a customer's balance to an outside wallet or card. The amount is held in the
-- account's frozen bucket from the request until the channel's word (or an operator's
-- resolution) captures it to the channel's clearing account or releases it. Rows are never
-- deleted: they are the audit history.
CREATE TABLE withdrawal (
    withdrawal_no   VARCHAR(64)  NOT NULL,
    account_id      VARCHAR(64)  NOT NULL,
    amount          BIGINT       NOT NULL,
    currency        CHAR(3)      NOT NULL,
    destination     VARCHAR(128) NOT NULL,
    -- the channel that pays it out; its clearing account is channel:<channel>:<currency>
    channel         VARCHAR(32)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    -- the channel's code for a failure, or why it needs attention
    reason          VARCHAR(200),
    channel_tx_id   VARCHAR(64),
    -- something finance must look at although nothing moved (a late answer contradicting
    -- the final state, a callback for another amount)
    flag            VARCHAR(200),
    requested_by    VARCHAR(128) NOT NULL,
    -- who settled it: worker, callback, or the operator's token subject
    settled_by      VARCHAR(128),
    resolution_note VARCHAR(512),
    created_at      DATETIME(6)  NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (withdrawal_no),
    CONSTRAINT ck_withdrawal_status CHECK (status IN ('PROCESSING', 'SUCCEEDED', 'FAILED', 'NEEDS_ATTENTION')),
    CONSTRAINT ck_withdrawal_amount CHECK (amount > 0)
);
CREATE INDEX ix_withdrawal_status ON withdrawal (status, created_at);
CREATE INDEX ix_withdrawal_account ON withdrawal (account_id, status);

-- The payout's outbox row, written in the withdrawal's transaction: what the worker does next
-- (SUBMIT the create, or QUERY the channel after an unknown outcome) and when. A worker claims
-- a due row by a conditional UPDATE of its lease; a worker that dies leaves the lease to expire
-- and the next one repeats the step (the create is idempotent on the withdrawal_no).
-- next_attempt_at is NULL once the withdrawal is settled or handed to a person.
CREATE TABLE payout_task (
    withdrawal_no   VARCHAR(64)   NOT NULL,
    next_step       VARCHAR(8)    NOT NULL,
    next_attempt_at DATETIME(6),
    -- every call made to the channel, and those of them that got no answer
    attempts        INT           NOT NULL,
    failed_calls    INT           NOT NULL,
    -- when a create may first have reached the channel: the processing limit counts from here
    first_sent_at   DATETIME(6),
    -- the channel's latest answers, newest last, for finance
    answers         VARCHAR(2000) NOT NULL,
    lease_owner     VARCHAR(128),
    lease_until     DATETIME(6),
    created_at      DATETIME(6)   NOT NULL,
    updated_at      DATETIME(6)   NOT NULL,
    PRIMARY KEY (withdrawal_no),
    CONSTRAINT fk_payout_task_withdrawal FOREIGN KEY (withdrawal_no) REFERENCES withdrawal (withdrawal_no),
    CONSTRAINT ck_payout_task_step CHECK (next_step IN ('SUBMIT', 'QUERY'))
);
CREATE INDEX ix_payout_task_due ON payout_task (next_attempt_at);
