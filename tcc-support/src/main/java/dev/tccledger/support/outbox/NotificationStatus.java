package dev.tccledger.support.outbox;

/** Where a notification stands. Stored by name. */
public enum NotificationStatus {

	/** Written, not delivered yet: due at its next attempt. */
	PENDING,

	/** The receiver acknowledged it. */
	SENT,

	/**
	 * Every attempt failed, or the receiver refused it for good: a person looks at it and
	 * may re-drive it.
	 */
	PARKED

}
