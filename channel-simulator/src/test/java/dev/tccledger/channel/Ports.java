package dev.tccledger.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports below Linux's ephemeral range (32768-60999), where no outgoing
 * connection can take the port between this check and the simulator binding it.
 */
final class Ports {

	private static final int LOW = 20_000;

	private static final int HIGH = 32_000;

	private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

	private Ports() {
	}

	static int free() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
			if (GIVEN.contains(port)) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				socket.setReuseAddress(true);
			}
			catch (IOException taken) {
				continue;
			}
			if (GIVEN.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
	}

}
