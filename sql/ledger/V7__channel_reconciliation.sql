-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- One run per channel and statement day: the channel's statement of that day against the
-- ledger's recharges, withdrawals and refunds (docs/architecture.md, channel reconciliation).
-- The row is claimed before a run with a lease (lease_owner, lease_until: UTC), so two ledger
-- instances never run one day at once; a holder that dies is taken over once the lease passes.
-- The counts are those of the last finished run (finished_at NULL: none has finished yet).
CREATE TABLE channel_reconciliation (
    channel          VARCHAR(32)  NOT NULL,
    statement_day    DATE         NOT NULL,
    statement_lines  INT,
    matched          INT,
    only_at_channel  INT,
    only_in_ledger   INT,
    mismatched       INT,
    -- how often the day was run: the scheduled run, and each run asked for again
    runs             INT          NOT NULL,
    ran_by           VARCHAR(128),
    finished_at      DATETIME(6),
    lease_owner      VARCHAR(128),
    lease_until      DATETIME(6),
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (channel, statement_day)
);

-- The differences of the last finished run, in the statement's order (seq); replaced as a whole
-- by the next run of the day. Listed for finance, never acted on by the ledger.
CREATE TABLE channel_reconciliation_item (
    channel            VARCHAR(32) NOT NULL,
    statement_day      DATE        NOT NULL,
    seq                INT         NOT NULL,
    difference         VARCHAR(16) NOT NULL,
    operation          VARCHAR(16) NOT NULL,
    reference          VARCHAR(64) NOT NULL,
    channel_tx_id      VARCHAR(64),
    ledger_amount      BIGINT,
    ledger_currency    CHAR(3),
    ledger_status      VARCHAR(16),
    channel_amount     BIGINT,
    channel_currency   CHAR(3),
    channel_status     VARCHAR(16),
    channel_settled_at DATETIME(6),
    PRIMARY KEY (channel, statement_day, seq),
    CONSTRAINT fk_channel_reconciliation_item FOREIGN KEY (channel, statement_day)
        REFERENCES channel_reconciliation (channel, statement_day),
    CONSTRAINT ck_channel_reconciliation_item CHECK (difference IN
        ('ONLY_AT_CHANNEL', 'ONLY_IN_LEDGER', 'AMOUNT', 'STATUS', 'DUPLICATE'))
);

-- A day's run looks up the operations the ledger settled that day by their settling journal
-- transaction (kind and time).
CREATE INDEX ix_journal_tx_kind_created ON journal_tx (kind, created_at);
