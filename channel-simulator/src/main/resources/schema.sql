-- The simulator's own store; created on start when missing (no migrations: it is a test double).
CREATE TABLE IF NOT EXISTS operation (
	channel_tx_id     VARCHAR(40)  NOT NULL PRIMARY KEY,
	merchant          VARCHAR(64)  NOT NULL,
	type              VARCHAR(16)  NOT NULL,
	reference         VARCHAR(64)  NOT NULL,
	request           VARCHAR(2000) NOT NULL,
	amount            BIGINT       NOT NULL CHECK (amount > 0),
	currency          VARCHAR(3)   NOT NULL,
	notify_url        VARCHAR(500) NOT NULL,
	destination       VARCHAR(128),
	payment_reference VARCHAR(64),
	status            VARCHAR(16)  NOT NULL,
	reason            VARCHAR(64),
	planned_outcome   VARCHAR(24)  NOT NULL,
	callback_delay_ms BIGINT       NOT NULL,
	created_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
	settle_at         TIMESTAMP(3) WITH TIME ZONE,
	expires_at        TIMESTAMP(3) WITH TIME ZONE,
	settled_at        TIMESTAMP(3) WITH TIME ZONE,
	CONSTRAINT uk_operation_reference UNIQUE (merchant, type, reference)
);

CREATE INDEX IF NOT EXISTS ix_operation_processing ON operation (status, settle_at);

CREATE INDEX IF NOT EXISTS ix_operation_settled ON operation (merchant, settled_at);

CREATE TABLE IF NOT EXISTS delivery (
	id              BIGINT AUTO_INCREMENT PRIMARY KEY,
	event_id        VARCHAR(40)   NOT NULL,
	merchant        VARCHAR(64)   NOT NULL,
	notify_url      VARCHAR(500)  NOT NULL,
	body            VARCHAR(2000) NOT NULL,
	status          VARCHAR(16)   NOT NULL,
	attempts        INT           NOT NULL,
	next_attempt_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
	last_result     VARCHAR(200),
	delivered_at    TIMESTAMP(3) WITH TIME ZONE
);

CREATE INDEX IF NOT EXISTS ix_delivery_due ON delivery (status, next_attempt_at);

CREATE TABLE IF NOT EXISTS sms (
	merchant    VARCHAR(64)  NOT NULL,
	reference   VARCHAR(64)  NOT NULL,
	recipient   VARCHAR(32)  NOT NULL,
	text        VARCHAR(1000) NOT NULL,
	received_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
	PRIMARY KEY (merchant, reference)
);
