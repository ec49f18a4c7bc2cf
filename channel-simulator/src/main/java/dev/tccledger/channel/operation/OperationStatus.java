package dev.tccledger.channel.operation;

/** PROCESSING until settled; every other status is final. */
enum OperationStatus {

	PROCESSING, SUCCEEDED, FAILED, EXPIRED

}
