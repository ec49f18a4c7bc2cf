package dev.tccledger.ledger.anomaly;

import java.time.LocalDateTime;

/**
 * One anomaly of one branch, with how often it was seen and, for an escalated one, who
 * resolved it, when and why.
 */
public record Anomaly(long anomalyId, AnomalyKind kind, String xid, long branchId, String detail, int occurrences,
		boolean escalated, String resolvedBy, String resolutionNote, LocalDateTime resolvedAt, LocalDateTime createdAt,
		LocalDateTime lastSeenAt) {
}
