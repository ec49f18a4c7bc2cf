package dev.tccledger.support;

import io.seata.core.rpc.netty.AbstractNettyRemotingClient;
import io.seata.core.rpc.netty.RmNettyRemotingClient;
import io.seata.core.rpc.netty.TmNettyRemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Reconnects to the TC within seconds when the channel is gone. Seata's own timer waits
 * 60 s after start-up before its first reconnect, and 10 s between tries: a service
 * started before its TC, or a TC restarted after kill -9, would stay unable to receive
 * confirm and cancel for that long.
 */
class SeataReconnector {

	private static final Logger log = LoggerFactory.getLogger(SeataReconnector.class);

	private final String transactionServiceGroup;

	SeataReconnector(String transactionServiceGroup) {
		this.transactionServiceGroup = transactionServiceGroup;
	}

	@Scheduled(initialDelayString = "${tcc.seata.reconnect-period-ms:2000}",
			fixedDelayString = "${tcc.seata.reconnect-period-ms:2000}")
	void reconnectIfDisconnected() {
		reconnect(RmNettyRemotingClient.getInstance(), "RM");
		reconnect(TmNettyRemotingClient.getInstance(), "TM");
	}

	private void reconnect(AbstractNettyRemotingClient client, String role) {
		try {
			if (SeataChannels.active(client) == 0) {
				SeataChannels.reconnect(client, this.transactionServiceGroup);
				if (SeataChannels.active(client) > 0) {
					log.info("{} reconnected to the TC", role);
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			log.debug("{} could not reconnect to the TC yet: {}", role, ex.toString());
		}
	}

}
