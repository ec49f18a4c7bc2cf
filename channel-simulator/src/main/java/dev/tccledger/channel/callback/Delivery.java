package dev.tccledger.channel.callback;

/**
 * One pending callback delivery as stored: the body is fixed, the signature per attempt.
 */
record Delivery(long id, String eventId, String merchant, String notifyUrl, String body, int attempts) {

}
