package dev.tccledger.ledger.freeze;

public enum Phase {

	TRY, CONFIRM, CANCEL

}
