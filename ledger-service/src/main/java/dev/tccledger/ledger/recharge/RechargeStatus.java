package dev.tccledger.ledger.recharge;

/** A recharge's state; only SUCCEEDED has moved money. */
public enum RechargeStatus {

	PENDING, SUCCEEDED, FAILED, EXPIRED

}
