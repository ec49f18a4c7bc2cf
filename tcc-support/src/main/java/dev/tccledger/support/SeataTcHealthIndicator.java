package dev.tccledger.support;

import io.seata.core.rpc.netty.RmNettyRemotingClient;
import io.seata.core.rpc.netty.TmNettyRemotingClient;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code /actuator/health} component "seata": UP while this service's resource manager
 * holds a live channel to the TC, so a service that cannot receive confirm or cancel is
 * not healthy. Reads the client's channel table (no network round trip, fit for a probe
 * polled every second).
 */
class SeataTcHealthIndicator implements HealthIndicator {

	@Override
	public Health health() {
		try {
			long rm = SeataChannels.active(RmNettyRemotingClient.getInstance());
			long tm = SeataChannels.active(TmNettyRemotingClient.getInstance());
			Health.Builder health = (rm > 0) ? Health.up() : Health.down();
			return health.withDetail("rmChannels", rm).withDetail("tmChannels", tm).build();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return Health.unknown().withDetail("error", ex.toString()).build();
		}
	}

}
