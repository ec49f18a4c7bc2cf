-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- What an order has given back: the sum of its SUCCEEDED refunds, raised by the refund's own
-- TCC confirm in the local transaction that marks the refund SUCCEEDED. The payment's status
-- stays PAID; PARTIALLY_REFUNDED and REFUNDED are what a client sees of a PAID order with
-- refunds (docs/architecture.md, Refunds).
ALTER TABLE orders ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD CONSTRAINT ck_orders_refunded CHECK (refunded >= 0 AND refunded <= amount);

-- A refund is the client's idempotency record (refund_no, request_hash) and the guard of its
-- own TCC branch, like an order: phase two moves it PENDING -> SUCCEEDED | FAILED with a
-- conditional update.
CREATE TABLE refund (
    refund_no      VARCHAR(64)  NOT NULL,
    order_no       VARCHAR(64)  NOT NULL,
    amount         BIGINT       NOT NULL,
    -- the client's reason for the refund
    reason         VARCHAR(200) NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    -- why it failed: an order-service problem code, and its detail
    failure        VARCHAR(32),
    failure_detail VARCHAR(512),
    xid            VARCHAR(128),
    branch_id      BIGINT,
    request_hash   CHAR(64)     NOT NULL,
    created_by     VARCHAR(128) NOT NULL,
    created_at     DATETIME(6)  NOT NULL,
    updated_at     DATETIME(6)  NOT NULL,
    PRIMARY KEY (refund_no),
    CONSTRAINT fk_refund_order FOREIGN KEY (order_no) REFERENCES orders (order_no),
    CONSTRAINT ck_refund_status CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT ck_refund_amount CHECK (amount > 0)
);
CREATE INDEX ix_refund_order ON refund (order_no);
CREATE INDEX ix_refund_status_created ON refund (status, created_at);

-- One row per paying leg the refund gives back to: one ledger refund branch each.
CREATE TABLE refund_leg (
    refund_no  VARCHAR(64) NOT NULL,
    leg_no     INT         NOT NULL,
    account_id VARCHAR(64) NOT NULL,
    amount     BIGINT      NOT NULL,
    freeze_id  BIGINT,
    PRIMARY KEY (refund_no, leg_no),
    CONSTRAINT fk_refund_leg_refund FOREIGN KEY (refund_no) REFERENCES refund (refund_no),
    CONSTRAINT ck_refund_leg_amount CHECK (amount > 0)
);
