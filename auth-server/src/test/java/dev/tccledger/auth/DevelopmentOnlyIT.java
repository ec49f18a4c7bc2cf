package dev.tccledger.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole application, not just the rule: a named profile alone keeps it down. */
class DevelopmentOnlyIT {

	@Test
	void aProfileOtherThanDefaultWithoutTheExplicitSettingRefusesToStart() throws IOException {
		int port = freePort();

		assertThatThrownBy(() -> new SpringApplicationBuilder(AuthServerApplication.class).profiles("prod")
			.run("--server.port=" + port)).rootCause()
			.isInstanceOf(DevelopmentOnly.Refused.class)
			.hasMessageContaining("[prod]")
			.hasMessageContaining("auth.dev-clients=true");

		assertThat(canBind(port)).as("nothing listens on the port it was given").isTrue();
	}

	@Test
	void theRefusalIsReportedWithWhatToDo() {
		FailureAnalysis analysis = new DevelopmentOnlyFailureAnalyzer()
			.analyze(new IllegalStateException(new DevelopmentOnly.Refused("profile(s) [prod] active")));

		assertThat(analysis.getDescription()).contains("refused to start").contains("[prod]");
		assertThat(analysis.getAction()).contains("--auth.dev-clients=true");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean canBind(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException taken) {
			return false;
		}
	}

}
