-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- A customer's top-up through a payment channel. Written PENDING before the channel is
-- called (the pre-record), settled only on the channel's word (a signed callback or a query
-- answer). SUCCEEDED is the only state with money moved: exactly one journal transaction
-- (clearing account channel:<channel>:<CUR> -> the customer), its id kept here.
CREATE TABLE recharge (
    recharge_no   VARCHAR(64)  NOT NULL,
    account_id    VARCHAR(64)  NOT NULL,
    channel       VARCHAR(32)  NOT NULL,
    amount        BIGINT       NOT NULL,
    currency      CHAR(3)      NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    channel_tx_id VARCHAR(64),
    -- the channel's code for a failure or expiry
    reason        VARCHAR(128),
    -- for finance: SUCCEEDED_AFTER_EXPIRY / SUCCEEDED_AFTER_FAILURE (the channel took the money
    -- after the ledger had given up on it; credited all the same)
    flag          VARCHAR(32),
    journal_tx_id BIGINT,
    actor         VARCHAR(128) NOT NULL,
    settled_by    VARCHAR(128),
    -- after this the payment can no longer be paid: a channel that does not know it is final
    expires_at    DATETIME(6)  NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (recharge_no),
    CONSTRAINT ck_recharge_status CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED')),
    CONSTRAINT ck_recharge_amount CHECK (amount > 0),
    CONSTRAINT ck_recharge_posted CHECK ((status = 'SUCCEEDED') = (journal_tx_id IS NOT NULL))
);
CREATE INDEX ix_recharge_status_created ON recharge (status, created_at);

-- Every callback a channel sent, accepted or not, for finance: what arrived and what the
-- ledger made of it. The body is kept as received (capped), the signature verdict beside it.
CREATE TABLE channel_callback (
    callback_id BIGINT        NOT NULL AUTO_INCREMENT,
    channel     VARCHAR(32)   NOT NULL,
    event_id    VARCHAR(64),
    operation   VARCHAR(16),
    reference   VARCHAR(64),
    verdict     VARCHAR(32)   NOT NULL,
    detail      VARCHAR(512),
    body        VARCHAR(4000),
    received_at DATETIME(6)   NOT NULL,
    PRIMARY KEY (callback_id)
);
CREATE INDEX ix_channel_callback_received ON channel_callback (received_at);
CREATE INDEX ix_channel_callback_reference ON channel_callback (reference);
