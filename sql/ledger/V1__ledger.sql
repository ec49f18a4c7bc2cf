-- Ledger schema. Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.
-- Every invariant checked in Java is enforced here too: CHECK constraints, unique keys.

CREATE TABLE account (
    account_id  VARCHAR(64) NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    currency    CHAR(3)     NOT NULL,
    available   BIGINT      NOT NULL,
    frozen      BIGINT      NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id),
    CONSTRAINT ck_account_kind CHECK (kind IN ('CUSTOMER', 'MERCHANT', 'SYSTEM')),
    -- I1: only the system account external:<CUR> may go negative (it stands for the outside world)
    CONSTRAINT ck_account_non_negative CHECK (kind = 'SYSTEM' OR (available >= 0 AND frozen >= 0))
);
CREATE INDEX ix_account_currency ON account (currency, kind);

-- One row per TCC branch: the reservation and the guard against empty rollback, suspension and
-- duplicate phase-two calls at once. Rows are never deleted: they are the audit history.
CREATE TABLE freeze (
    freeze_id        BIGINT       NOT NULL AUTO_INCREMENT,
    xid              VARCHAR(128) NOT NULL,
    branch_id        BIGINT       NOT NULL,
    order_no         VARCHAR(64),
    account_id       VARCHAR(64),
    payee_account_id VARCHAR(64),
    amount           BIGINT       NOT NULL,
    -- the payer's currency; NULL only on an empty-rollback marker whose context had none
    currency         CHAR(3),
    status           VARCHAR(16)  NOT NULL,
    -- order_no|account_id while the freeze is live (TRIED or CONFIRMED), NULL otherwise:
    -- at most one live freeze per order and paying account (DUPLICATE_PAYMENT).
    live_key         VARCHAR(130),
    -- a resent try inside the same global transaction points at the freeze it repeats
    duplicate_of     BIGINT,
    -- who moved it to its final state: TC (phase two) or SENTINEL (recovery)
    settled_by       VARCHAR(16),
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (freeze_id),
    CONSTRAINT uk_freeze_branch UNIQUE (xid, branch_id),
    CONSTRAINT uk_freeze_live UNIQUE (live_key),
    CONSTRAINT ck_freeze_status CHECK (status IN ('TRIED', 'CONFIRMED', 'CANCELLED', 'DUPLICATE')),
    CONSTRAINT ck_freeze_amount CHECK (amount >= 0)
);
CREATE INDEX ix_freeze_account_status ON freeze (account_id, status);
CREATE INDEX ix_freeze_status_created ON freeze (status, created_at);

-- Append-only double entry: one journal_tx per business event, lines summing to zero.
CREATE TABLE journal_tx (
    journal_tx_id BIGINT       NOT NULL AUTO_INCREMENT,
    kind          VARCHAR(32)  NOT NULL,
    currency      CHAR(3)      NOT NULL,
    xid           VARCHAR(128),
    branch_id     BIGINT,
    order_no      VARCHAR(64),
    reference     VARCHAR(64),
    created_by    VARCHAR(16)  NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (journal_tx_id)
);

CREATE TABLE journal_line (
    line_id       BIGINT      NOT NULL AUTO_INCREMENT,
    journal_tx_id BIGINT      NOT NULL,
    account_id    VARCHAR(64) NOT NULL,
    bucket        VARCHAR(16) NOT NULL,
    delta         BIGINT      NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (line_id),
    CONSTRAINT fk_journal_line_tx FOREIGN KEY (journal_tx_id) REFERENCES journal_tx (journal_tx_id),
    CONSTRAINT fk_journal_line_account FOREIGN KEY (account_id) REFERENCES account (account_id),
    CONSTRAINT ck_journal_line_bucket CHECK (bucket IN ('AVAILABLE', 'FROZEN')),
    CONSTRAINT ck_journal_line_delta CHECK (delta <> 0)
);
CREATE INDEX ix_journal_line_account ON journal_line (account_id, line_id);

-- Idempotency records of the two non-TCC movements.
CREATE TABLE deposit (
    reference     VARCHAR(64) NOT NULL,
    account_id    VARCHAR(64) NOT NULL,
    amount        BIGINT      NOT NULL,
    journal_tx_id BIGINT      NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (reference),
    CONSTRAINT ck_deposit_amount CHECK (amount > 0)
);

CREATE TABLE transfer (
    transfer_id     VARCHAR(64) NOT NULL,
    from_account_id VARCHAR(64) NOT NULL,
    to_account_id   VARCHAR(64) NOT NULL,
    amount          BIGINT      NOT NULL,
    journal_tx_id   BIGINT      NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (transfer_id),
    CONSTRAINT ck_transfer_amount CHECK (amount > 0)
);

-- Every TCC anomaly and guard, once per (kind, branch) with a count of how often it was seen.
-- State conflicts are escalated: a person resolves them, and the resolution is kept here.
CREATE TABLE anomaly (
    anomaly_id      BIGINT       NOT NULL AUTO_INCREMENT,
    kind            VARCHAR(32)  NOT NULL,
    xid             VARCHAR(128) NOT NULL,
    branch_id       BIGINT       NOT NULL,
    detail          VARCHAR(512) NOT NULL,
    occurrences     INT          NOT NULL,
    escalated       BOOLEAN      NOT NULL,
    resolved_by     VARCHAR(64),
    resolution_note VARCHAR(512),
    resolved_at     DATETIME(6),
    created_at      DATETIME(6)  NOT NULL,
    last_seen_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (anomaly_id),
    CONSTRAINT uk_anomaly UNIQUE (kind, xid, branch_id)
);
CREATE INDEX ix_anomaly_created ON anomaly (created_at);
