package dev.tccledger.tc.auth;

import java.time.Clock;

import io.seata.common.loader.LoadLevel;
import io.seata.core.protocol.AbstractIdentifyRequest;
import io.seata.core.protocol.RegisterRMRequest;
import io.seata.core.protocol.RegisterTMRequest;
import io.seata.core.rpc.RegisterCheckAuthHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TC's registration check: a TM or RM registers only with a good credential
 * ({@link ClientCredentials}). Seata's RegTmProcessor and RegRmProcessor load one
 * RegisterCheckAuthHandler through EnhancedServiceLoader, which takes the highest
 * {@code order}; the server's own DefaultCheckAuthHandler (order 100) lets everyone in.
 * <p>
 * Secrets: {@code TC_CLIENT_SECRETS} ({@code -Dtcc.tc-auth.client-secrets} wins), or, in
 * tc.sh's embedded default only, {@code -Dtcc.tc-auth.development-secrets=true}. Neither,
 * or a malformed list, and the TC does not start.
 */
@LoadLevel(name = "tccLedgerCredential", order = 200)
public class CredentialCheckAuthHandler implements RegisterCheckAuthHandler {

	private static final Logger log = LoggerFactory.getLogger(CredentialCheckAuthHandler.class);

	private final ClientCredentials credentials;

	public CredentialCheckAuthHandler() {
		String configured = System.getProperty("tcc.tc-auth.client-secrets", System.getenv("TC_CLIENT_SECRETS"));
		this.credentials = ClientCredentials.of(configured,
				Boolean.getBoolean("tcc.tc-auth.development-secrets"), Clock.systemUTC());
		if (this.credentials.developmentSecrets()) {
			log.warn("TM and RM registrations need a credential signed with dev-<application-id>-secret:"
					+ " the embedded default's development secrets; set TC_CLIENT_SECRETS for anything else");
		}
		else {
			log.info("TM and RM registrations need a credential of {}", this.credentials.applications());
		}
	}

	@Override
	public boolean regTransactionManagerCheckAuth(RegisterTMRequest request) {
		return check("TM", request);
	}

	@Override
	public boolean regResourceManagerCheckAuth(RegisterRMRequest request) {
		return check("RM", request);
	}

	/**
	 * Seata logs the refusal's remote address next ("TM checkAuth for client:... is
	 * FAIL"); this line says why.
	 */
	private boolean check(String role, AbstractIdentifyRequest request) {
		String refusal = this.credentials.refusal(request.getApplicationId(), request.getTransactionServiceGroup(),
				request.getExtraData());
		if (refusal != null) {
			log.warn("{} registration of application '{}' (group '{}') refused: {}", role,
					printable(request.getApplicationId()), printable(request.getTransactionServiceGroup()),
					printable(refusal));
			return false;
		}
		return true;
	}

	/** What a client sent, unable to forge log lines or flood the log. */
	static String printable(String sent) {
		if (sent == null) {
			return "null";
		}
		String cut = (sent.length() > 120) ? sent.substring(0, 120) + "..." : sent;
		return cut.replaceAll("\\p{Cntrl}", "?");
	}

}
