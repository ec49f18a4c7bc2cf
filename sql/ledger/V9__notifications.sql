-- Runs unchanged on MySQL 8 / MariaDB 10.11 and on H2 in MySQL mode.

-- The notification outbox (docs/architecture.md, notifications): one row per delivery (an SMS
-- to one phone, an event to one webhook), written in the same local transaction as the state
-- it announces, so it exists exactly when that state was committed. The dispatcher claims a
-- due row by a conditional UPDATE of its lease, delivers it outside any transaction and
-- records the outcome; the id is the event id receivers dedupe on (the SMS gateway's
-- reference, the webhook's X-Notification-Id). Rows are kept: they are the record of what
-- people were told.
CREATE TABLE notification (
    id              VARCHAR(64)   NOT NULL,
    event_type      VARCHAR(40)   NOT NULL,
    -- what the event is about: a recharge, withdrawal, order or refund number
    subject         VARCHAR(64)   NOT NULL,
    channel         VARCHAR(8)    NOT NULL,
    -- a phone number (SMS) or a URL (WEBHOOK)
    destination     VARCHAR(255)  NOT NULL,
    -- the SMS text or the webhook's JSON body, fixed when written so every attempt sends the same
    payload         VARCHAR(4000) NOT NULL,
    status          VARCHAR(8)    NOT NULL,
    -- attempts since written or last re-driven
    attempts        INT           NOT NULL,
    -- when the next attempt is due; NULL once SENT or PARKED
    next_attempt_at DATETIME(6),
    last_error      VARCHAR(500),
    lease_owner     VARCHAR(128),
    lease_until     DATETIME(6),
    -- who re-drove it after it was parked (the token subject), and when
    redriven_by     VARCHAR(128),
    redriven_at     DATETIME(6),
    created_at      DATETIME(6)   NOT NULL,
    updated_at      DATETIME(6)   NOT NULL,
    sent_at         DATETIME(6),
    PRIMARY KEY (id),
    CONSTRAINT ck_notification_status CHECK (status IN ('PENDING', 'SENT', 'PARKED')),
    CONSTRAINT ck_notification_channel CHECK (channel IN ('SMS', 'WEBHOOK')),
    CONSTRAINT ck_notification_due CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX ix_notification_due ON notification (status, next_attempt_at);
CREATE INDEX ix_notification_subject ON notification (event_type, subject);

-- Ledger only: the phone an account's text messages go to (optional; without one the account's
-- events go to the webhooks only).
ALTER TABLE account ADD COLUMN phone VARCHAR(24);
