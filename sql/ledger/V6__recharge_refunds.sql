-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- Money of a SUCCEEDED recharge given back to the original payment at its channel. The amount
-- is held in the customer's frozen bucket from the request (only what is still available:
-- spent money cannot be refunded) until the channel's word (or an operator's resolution)
-- captures it to the channel's clearing account or releases it. The refunds of one recharge
-- that are not FAILED never sum past its amount: the hold locks the recharge row to check it.
-- Rows are never deleted: they are the audit history.
CREATE TABLE recharge_refund (
    refund_no       VARCHAR(64)  NOT NULL,
    recharge_no     VARCHAR(64)  NOT NULL,
    account_id      VARCHAR(64)  NOT NULL,
    amount          BIGINT       NOT NULL,
    currency        CHAR(3)      NOT NULL,
    -- the recharge's channel; its clearing account is channel:<channel>:<currency>
    channel         VARCHAR(32)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    -- the channel's code for a failure, or why it needs attention
    reason          VARCHAR(200),
    channel_tx_id   VARCHAR(64),
    -- something finance must look at although nothing moved (a late answer contradicting
    -- the final state)
    flag            VARCHAR(200),
    requested_by    VARCHAR(128) NOT NULL,
    -- who settled it: worker, callback, or the operator's token subject
    settled_by      VARCHAR(128),
    resolution_note VARCHAR(512),
    created_at      DATETIME(6)  NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (refund_no),
    CONSTRAINT fk_recharge_refund_recharge FOREIGN KEY (recharge_no) REFERENCES recharge (recharge_no),
    CONSTRAINT ck_recharge_refund_status
        CHECK (status IN ('PROCESSING', 'SUCCEEDED', 'FAILED', 'NEEDS_ATTENTION')),
    CONSTRAINT ck_recharge_refund_amount CHECK (amount > 0)
);
CREATE INDEX ix_recharge_refund_status ON recharge_refund (status, created_at);
CREATE INDEX ix_recharge_refund_recharge ON recharge_refund (recharge_no, status);
CREATE INDEX ix_recharge_refund_account ON recharge_refund (account_id, status);

-- The refund's outbox row, as payout_task is the withdrawal's (the same worker drives both).
CREATE TABLE recharge_refund_task (
    refund_no       VARCHAR(64)   NOT NULL,
    next_step       VARCHAR(8)    NOT NULL,
    next_attempt_at DATETIME(6),
    attempts        INT           NOT NULL,
    failed_calls    INT           NOT NULL,
    first_sent_at   DATETIME(6),
    answers         VARCHAR(2000) NOT NULL,
    lease_owner     VARCHAR(128),
    lease_until     DATETIME(6),
    created_at      DATETIME(6)   NOT NULL,
    updated_at      DATETIME(6)   NOT NULL,
    PRIMARY KEY (refund_no),
    CONSTRAINT fk_recharge_refund_task_refund FOREIGN KEY (refund_no) REFERENCES recharge_refund (refund_no),
    CONSTRAINT ck_recharge_refund_task_step CHECK (next_step IN ('SUBMIT', 'QUERY'))
);
CREATE INDEX ix_recharge_refund_task_due ON recharge_refund_task (next_attempt_at);
