package dev.tccledger.channel;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the simulated provider behaves when nobody asks otherwise.
 *
 * @param merchantKeys {@code name=key,...}: the merchants and the API key each calls
 * with; empty: the development merchant ({@link Merchants})
 * @param callbackSecrets {@code name=secret,...}: the secret each merchant's callbacks
 * are signed with
 * @param autoPayMs how long after its creation the customer pays a payment; negative:
 * never on their own (only {@code /pay}, {@code /fail} or expiry settle it)
 * @param payoutSettleMs how long a payout takes to settle
 * @param refundSettleMs how long a refund takes to settle
 * @param paymentExpiresInSeconds a payment's expiry when the request names none
 * @param timeoutHoldMs how long {@code TIMEOUT} holds the answer when the behaviour names
 * no {@code delayMs}
 * @param tickMs how often due settlements and callbacks are looked for
 * @param redeliveryBaseMs the first gap between callback attempts; each next gap doubles
 * @param redeliveryCapMs the longest gap between callback attempts
 * @param callbackTimeoutMs how long one callback attempt waits for the answer
 * @param statementZone the zone a statement's day is taken in
 */
@ConfigurationProperties("channel")
public record ChannelProperties(String merchantKeys, String callbackSecrets, long autoPayMs, long payoutSettleMs,
		long refundSettleMs, long paymentExpiresInSeconds, long timeoutHoldMs, long tickMs, long redeliveryBaseMs,
		long redeliveryCapMs, long callbackTimeoutMs, ZoneId statementZone) {

}
