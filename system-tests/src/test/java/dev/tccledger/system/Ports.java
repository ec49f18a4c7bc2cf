package dev.tccledger.system;

import java.io.IOException;
import java.net.ServerSocket;

/** Free loopback ports, so that every test system has its own. */
final class Ports {

	private Ports() {
	}

	static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no free port", ex);
		}
	}

}
