package dev.tccledger.tc.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CredentialCheckAuthHandlerTest {

	@Test
	void whatAClientSentCannotForgeALogLineOrFloodTheLog() {
		assertEquals("order-service?2026-01-01 WARN forged", CredentialCheckAuthHandler
			.printable("order-service\n2026-01-01 WARN forged"));
		assertEquals(123, CredentialCheckAuthHandler.printable("x".repeat(500)).length());
		assertEquals("null", CredentialCheckAuthHandler.printable(null));
	}

}
