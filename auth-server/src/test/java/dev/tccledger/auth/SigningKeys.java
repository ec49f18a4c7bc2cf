package dev.tccledger.auth;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

/** RSA keys written the way an operator would hand them to {@code auth.signing-key}. */
final class SigningKeys {

	private SigningKeys() {
	}

	static RSAKey rsa() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()).build();
	}

	/**
	 * What {@code openssl genpkey -algorithm RSA} writes: PKCS#8, base64 in 64 columns.
	 */
	static String pkcs8Pem(RSAKey key) throws JOSEException {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.toPrivateKey().getEncoded());
		return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
	}

}
