package dev.tccledger.ledger.outbound;

import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.web.Requests;

/**
 * An operator's resolution of an operation that needs attention, as its endpoint takes
 * it: {@code {"outcome":"SUCCEEDED|FAILED","note"}}.
 */
public record Resolution(String outcome, String note) {

	/** As wide as the resolution_note columns. */
	static final int MAX_NOTE = 500;

	/** True for SUCCEEDED; refused (nothing changed) when the body is not valid. */
	public boolean succeeded() {
		String outcome = Requests.required("outcome", this.outcome);
		if (!outcome.equals("SUCCEEDED") && !outcome.equals("FAILED")) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "outcome must be SUCCEEDED or FAILED");
		}
		return outcome.equals("SUCCEEDED");
	}

	/** The note, checked. */
	public String checkedNote() {
		String note = Requests.required("note", this.note);
		if (note.isBlank() || note.length() > MAX_NOTE || note.chars().anyMatch(Character::isISOControl)) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED,
					"note must be 1-" + MAX_NOTE + " printable characters");
		}
		return note;
	}

}
