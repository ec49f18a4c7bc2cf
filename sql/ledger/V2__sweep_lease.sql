-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- One row per scheduled sweep (the recovery sentinel, later workers): the instance that holds
-- the lease is the only one sweeping. Claimed with a conditional UPDATE whose row count says
-- who won; expires_at is UTC, so a holder that died is taken over once it passes.
CREATE TABLE sweep_lease (
    name       VARCHAR(64)  NOT NULL,
    owner      VARCHAR(128) NOT NULL,
    expires_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (name)
);
