package dev.tccledger.support;

import java.lang.reflect.Method;
import java.util.Map;

import io.netty.channel.Channel;
import io.seata.core.rpc.netty.AbstractNettyRemotingClient;

/**
 * Seata 2.0.0 keeps a client's channel table and its reconnect package-private
 * (NettyClientChannelManager); these two calls reach them by reflection, which works
 * because Seata runs in the unnamed module.
 */
final class SeataChannels {

	private SeataChannels() {
	}

	static long active(AbstractNettyRemotingClient client) throws ReflectiveOperationException {
		Object manager = manager(client);
		Method channels = manager.getClass().getDeclaredMethod("getChannels");
		channels.setAccessible(true);
		return ((Map<?, ?>) channels.invoke(manager)).values()
			.stream()
			.filter((c) -> c instanceof Channel ch && ch.isActive())
			.count();
	}

	static void reconnect(AbstractNettyRemotingClient client, String transactionServiceGroup)
			throws ReflectiveOperationException {
		Object manager = manager(client);
		Method reconnect = manager.getClass().getDeclaredMethod("reconnect", String.class);
		reconnect.setAccessible(true);
		reconnect.invoke(manager, transactionServiceGroup);
	}

	private static Object manager(AbstractNettyRemotingClient client) throws ReflectiveOperationException {
		return AbstractNettyRemotingClient.class.getMethod("getClientChannelManager").invoke(client);
	}

}
