package dev.tccledger.ledger.anomaly;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tccledger.ledger.Actor;
import dev.tccledger.ledger.LedgerError;
import dev.tccledger.ledger.LedgerException;
import dev.tccledger.ledger.infra.Times;
import dev.tccledger.ledger.infra.TxRunner;

import org.springframework.stereotype.Service;

/**
 * The anomaly table finance reads. Recording joins the caller's transaction, so an
 * anomaly is kept exactly when the phase call that saw it commits.
 */
@Service
public class AnomalyService {

	private static final Logger log = LoggerFactory.getLogger(AnomalyService.class);

	private final AnomalyMapper anomalies;

	private final TxRunner tx;

	AnomalyService(AnomalyMapper anomalies, TxRunner tx) {
		this.anomalies = anomalies;
		this.tx = tx;
	}

	public void record(AnomalyKind kind, String xid, long branchId, String detail) {
		if (kind.escalated()) {
			log.error("TCC state conflict {} needs a person: {}", kind, detail);
		}
		else {
			log.info("TCC guard {}: {}", kind, detail);
		}
		this.anomalies.upsert(kind, xid, branchId, truncate(detail), kind.escalated(), Times.nowUtc());
	}

	/** True when a person has resolved this conflict, so phase two may stop failing. */
	public boolean isResolved(AnomalyKind kind, String xid, long branchId) {
		return this.anomalies.countResolved(kind, xid, branchId) > 0;
	}

	public List<Anomaly> list(AnomalyKind kind, boolean unresolvedOnly, int limit) {
		return this.anomalies.list(kind, unresolvedOnly, limit);
	}

	/**
	 * Records a person's resolution of an escalated anomaly: who (the caller, never a
	 * name the request gives), when and why. After it, the TC's retries of that branch's
	 * phase two are answered as done, moving nothing.
	 */
	public Anomaly resolve(long anomalyId, Actor resolvedBy, String note) {
		if (note == null || note.isBlank() || note.length() > 512) {
			throw new LedgerException(LedgerError.VALIDATION_FAILED, "note must say why, in 1-512 characters");
		}
		return this.tx.inTransaction(() -> {
			Anomaly anomaly = this.anomalies.findById(anomalyId);
			if (anomaly == null) {
				throw new LedgerException(LedgerError.NOT_FOUND, "no anomaly " + anomalyId);
			}
			if (!anomaly.escalated()) {
				throw new LedgerException(LedgerError.ANOMALY_NOT_ESCALATED,
						anomaly.kind() + " is a guard that worked; there is nothing to resolve");
			}
			if (this.anomalies.resolve(anomalyId, resolvedBy.name(), note, Times.nowUtc()) != 1) {
				throw new LedgerException(LedgerError.ANOMALY_ALREADY_RESOLVED,
						"anomaly " + anomalyId + " was resolved by " + anomaly.resolvedBy());
			}
			log.warn("anomaly {} ({}) resolved by {}: {}", anomalyId, anomaly.kind(), resolvedBy, note);
			return this.anomalies.findById(anomalyId);
		});
	}

	private static String truncate(String detail) {
		return (detail.length() <= 512) ? detail : detail.substring(0, 512);
	}

}
