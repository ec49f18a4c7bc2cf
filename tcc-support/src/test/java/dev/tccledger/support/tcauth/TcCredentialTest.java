package dev.tccledger.support.tcauth;

import io.seata.core.protocol.RegisterRMRequest;
import io.seata.core.protocol.RegisterTMRequest;
import io.seata.core.protocol.RpcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcCredentialTest {

	@AfterEach
	void forgetSecret() {
		TcAuthSecret.set(null);
	}

	/**
	 * The signature computed outside Java (openssl dgst -sha256 -hmac); the TC's test
	 * (seata-server-config, ClientCredentialsTest) verifies the same line.
	 */
	@Test
	void theCredentialIsTheSharedVector() {
		assertThat(TcCredential.create("ledger-service", "tcc-ledger-group", "ledger-secret-for-tests",
				1_700_000_000_000L, "bm9uY2Utb2YtdGVzdA"))
			.isEqualTo("ledger-service:1700000000000:bm9uY2Utb2YtdGVzdA:yyyVGXpFX9Uz19TIb87fW79FzbSCfvLZgSDWLgqC6x8=");
	}

	@Test
	void freshCredentialsDifferInTheirNonce() {
		String one = TcCredential.create("ledger-service", "g", "s");
		String two = TcCredential.create("ledger-service", "g", "s");
		assertThat(one.split(":")).hasSize(4);
		assertThat(one.split(":")[2]).isNotEqualTo(two.split(":")[2]);
	}

	@Test
	void seatasOwnLinesStayAndAnEarlierCredentialIsReplaced() {
		String seatas = "ak=null\ndigest=g,10.0.0.1,1\ntimestamp=1\nauth-version=V4\n";
		String once = TcCredential.withCredential(seatas, "a:1:n:sig1");
		assertThat(once).isEqualTo(seatas + "tcc-auth=a:1:n:sig1\n");
		assertThat(TcCredential.withCredential(once, "a:2:m:sig2")).isEqualTo(seatas + "tcc-auth=a:2:m:sig2\n");
		assertThat(TcCredential.withCredential(null, "a:1:n:s")).isEqualTo("tcc-auth=a:1:n:s\n");
	}

	@Test
	void theHookSignsTmAndRmRegistrationsWithTheirOwnApplicationAndGroup() {
		TcAuthSecret.set("order-secret");
		RegisterTMRequest tm = new RegisterTMRequest("order-service", "tcc-ledger-group", "ak=x\n");
		RegisterRMRequest rm = new RegisterRMRequest("order-service", "tcc-ledger-group");
		new TcAuthRpcHook().doBeforeRequest("127.0.0.1:8091", message(tm));
		new TcAuthRpcHook().doBeforeRequest("127.0.0.1:8091", message(rm));

		// RegisterTMRequest adds vgroup and ip lines of its own
		assertThat(tm.getExtraData()).startsWith("ak=x\n").contains("\nvgroup=tcc-ledger-group\n");
		assertThat(tm.getExtraData().lines().filter((l) -> l.startsWith("tcc-auth=order-service:"))).hasSize(1);
		String line = rm.getExtraData().trim();
		String[] parts = line.substring("tcc-auth=".length()).split(":");
		assertThat(TcCredential.create("order-service", "tcc-ledger-group", "order-secret", Long.parseLong(parts[1]),
				parts[2]))
			.isEqualTo(line.substring("tcc-auth=".length()));
	}

	@Test
	void withoutASecretTheHookSendsNoCredential() {
		RegisterRMRequest rm = new RegisterRMRequest("order-service", "tcc-ledger-group");
		new TcAuthRpcHook().doBeforeRequest("127.0.0.1:8091", message(rm));
		assertThat(rm.getExtraData()).isNull();
	}

	@Test
	void theEmbeddedDefaultSignsWithTheDevelopmentSecretOfItsApplication() {
		MockEnvironment embedded = new MockEnvironment().withProperty("seata.application-id", "ledger-service");
		assertThat(TcAuthEnvironmentPostProcessor.resolve(embedded)).isEqualTo("dev-ledger-service-secret");
		embedded.setActiveProfiles("faults");
		assertThat(TcAuthEnvironmentPostProcessor.resolve(embedded)).isEqualTo("dev-ledger-service-secret");
	}

	@Test
	void anyOtherProfileNeedsTheSecretFromOutside() {
		MockEnvironment profiled = new MockEnvironment().withProperty("seata.application-id", "ledger-service");
		profiled.setActiveProfiles("mysql", "faults");
		assertThatThrownBy(() -> TcAuthEnvironmentPostProcessor.resolve(profiled))
			.isInstanceOf(TcAuthEnvironmentPostProcessor.Refused.class)
			.hasMessageContaining("[mysql, faults]")
			.hasMessageContaining("tcc.tc-auth.secret");

		profiled.setProperty("tcc.tc-auth.secret", "from-the-vault");
		assertThat(TcAuthEnvironmentPostProcessor.resolve(profiled)).isEqualTo("from-the-vault");
	}

	private static RpcMessage message(Object body) {
		RpcMessage message = new RpcMessage();
		message.setBody(body);
		return message;
	}

}
