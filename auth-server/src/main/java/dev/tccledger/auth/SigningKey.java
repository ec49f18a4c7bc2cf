package dev.tccledger.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The RS256 key tokens are signed with. Generated at start unless a file is configured,
 * so by default a restarted issuer no longer vouches for the tokens it issued before
 * (their {@code kid} is gone from {@code /oauth2/jwks}).
 */
final class SigningKey {

	private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";

	private static final String PEM_END = "-----END PRIVATE KEY-----";

	private SigningKey() {
	}

	static RSAKey generated() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return forSigning(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate())
				.keyID(UUID.randomUUID().toString()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate an RSA key", ex);
		}
	}

	/**
	 * A PKCS#8 PEM ({@code openssl genpkey -algorithm RSA}) or a JWK with its private
	 * part. A key without {@code kid} gets its RFC 7638 thumbprint, the same on every
	 * start.
	 */
	static RSAKey load(Path file) {
		String text;
		try {
			text = Files.readString(file).trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read auth.signing-key " + file, ex);
		}
		try {
			RSAKey.Builder key = text.startsWith("{") ? fromJwk(text, file) : fromPem(text, file);
			return forSigning(key);
		}
		catch (ParseException | GeneralSecurityException | JOSEException | IllegalArgumentException ex) {
			throw new IllegalStateException("auth.signing-key " + file + " is neither a PKCS#8 RSA private key in PEM"
					+ " nor an RSA JWK: " + ex.getMessage(), ex);
		}
	}

	private static RSAKey.Builder fromJwk(String json, Path file) throws ParseException, JOSEException {
		if (!(JWK.parse(json) instanceof RSAKey rsa) || !rsa.isPrivate()) {
			throw new IllegalArgumentException("the JWK in " + file + " is not an RSA key with its private part");
		}
		RSAKey.Builder key = new RSAKey.Builder(rsa);
		return (rsa.getKeyID() != null) ? key : key.keyIDFromThumbprint();
	}

	private static RSAKey.Builder fromPem(String pem, Path file) throws GeneralSecurityException, JOSEException {
		if (!pem.startsWith(PEM_BEGIN) || !pem.endsWith(PEM_END)) {
			throw new IllegalArgumentException("expected " + PEM_BEGIN + " ... " + PEM_END + " in " + file);
		}
		byte[] der = Base64.getMimeDecoder().decode(pem.substring(PEM_BEGIN.length(), pem.length() - PEM_END.length()));
		KeyFactory rsa = KeyFactory.getInstance("RSA");
		RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
		RSAPublicKey publicKey = (RSAPublicKey) rsa
			.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
		return new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint();
	}

	private static RSAKey forSigning(RSAKey.Builder key) {
		return key.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
	}

}
