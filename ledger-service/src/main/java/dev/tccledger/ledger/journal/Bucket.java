package dev.tccledger.ledger.journal;

public enum Bucket {

	AVAILABLE, FROZEN

}
