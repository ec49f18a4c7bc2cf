package dev.tccledger.ledger.infra;

import java.lang.reflect.Method;
import java.util.Map;

import io.netty.channel.Channel;
import io.seata.core.rpc.netty.AbstractNettyRemotingClient;
import io.seata.core.rpc.netty.RmNettyRemotingClient;
import io.seata.core.rpc.netty.TmNettyRemotingClient;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "seata": UP while this service's resource manager
 * holds a live channel to the TC, so a service that cannot receive confirm or cancel is
 * not healthy. Seata 2.0.0 keeps its channel table package-private; reading it by
 * reflection costs no network round trip, which a health probe polled every second should
 * not make.
 */
@Component("seata")
@ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
class SeataTcHealthIndicator implements HealthIndicator {

	@Override
	public Health health() {
		try {
			long rm = activeChannels(RmNettyRemotingClient.getInstance());
			long tm = activeChannels(TmNettyRemotingClient.getInstance());
			Health.Builder health = (rm > 0) ? Health.up() : Health.down();
			return health.withDetail("rmChannels", rm).withDetail("tmChannels", tm).build();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return Health.unknown().withDetail("error", ex.toString()).build();
		}
	}

	private static long activeChannels(AbstractNettyRemotingClient client) throws ReflectiveOperationException {
		Method managerGetter = AbstractNettyRemotingClient.class.getMethod("getClientChannelManager");
		Object manager = managerGetter.invoke(client);
		Method channelsGetter = manager.getClass().getDeclaredMethod("getChannels");
		channelsGetter.setAccessible(true);
		Map<?, ?> channels = (Map<?, ?>) channelsGetter.invoke(manager);
		return channels.values().stream().filter((c) -> c instanceof Channel ch && ch.isActive()).count();
	}

}
