-- Order schema. Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- The order is both the client's idempotency record (order_no, request_hash) and the guard of
-- its own TCC branch: phase two moves it PENDING -> PAID | FAILED with a conditional update.
CREATE TABLE orders (
    order_no         VARCHAR(64)  NOT NULL,
    payee_account_id VARCHAR(64)  NOT NULL,
    currency         CHAR(3)      NOT NULL,
    amount           BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    reason           VARCHAR(32),
    reason_detail    VARCHAR(512),
    xid              VARCHAR(128),
    branch_id        BIGINT,
    request_hash     CHAR(64)     NOT NULL,
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (order_no),
    CONSTRAINT ck_orders_status CHECK (status IN ('PENDING', 'PAID', 'FAILED')),
    CONSTRAINT ck_orders_amount CHECK (amount > 0)
);
CREATE INDEX ix_orders_status_created ON orders (status, created_at);
CREATE INDEX ix_orders_xid ON orders (xid);

-- One row per payment leg: each leg is one ledger branch (a split payment has several).
CREATE TABLE order_leg (
    order_no   VARCHAR(64) NOT NULL,
    leg_no     INT         NOT NULL,
    account_id VARCHAR(64) NOT NULL,
    amount     BIGINT      NOT NULL,
    freeze_id  BIGINT,
    PRIMARY KEY (order_no, leg_no),
    CONSTRAINT fk_order_leg_order FOREIGN KEY (order_no) REFERENCES orders (order_no),
    CONSTRAINT ck_order_leg_amount CHECK (amount > 0)
);
