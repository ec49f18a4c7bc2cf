package dev.tccledger.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, so that every test system has its own. Taken below Linux's
 * ephemeral range (32768-60999): a port the OS hands out for "any free port" can be taken
 * a moment later as the source port of an outgoing connection (the TC's database pool, a
 * client), and the service that was meant to listen on it then fails to start.
 */
final class Ports {

	private static final int LOW = 20_000;

	private static final int HIGH = 32_000;

	/** Never hand the same port out twice in one test JVM, even after it was released. */
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
