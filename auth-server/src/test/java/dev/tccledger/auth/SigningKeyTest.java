package dev.tccledger.auth;

import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyTest {

	@TempDir
	Path dir;

	@Test
	void aPemKeyLoadsWithAStableThumbprintKeyId() throws Exception {
		RSAKey original = SigningKeys.rsa();
		Path pem = Files.writeString(this.dir.resolve("key.pem"), SigningKeys.pkcs8Pem(original));

		RSAKey loaded = SigningKey.load(pem);

		assertThat(loaded.toRSAPrivateKey()).isEqualTo(original.toRSAPrivateKey());
		assertThat(loaded.toRSAPublicKey()).isEqualTo(original.toRSAPublicKey());
		assertThat(loaded.getKeyID()).isEqualTo(original.computeThumbprint().toString())
			.isEqualTo(SigningKey.load(pem).getKeyID());
		assertThat(loaded.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
	}

	@Test
	void aJwkKeepsItsKeyId() throws Exception {
		RSAKey original = new RSAKey.Builder(SigningKeys.rsa()).keyID("ops-2026").build();
		Path jwk = Files.writeString(this.dir.resolve("key.json"), original.toJSONString());

		RSAKey loaded = SigningKey.load(jwk);

		assertThat(loaded.getKeyID()).isEqualTo("ops-2026");
		assertThat(loaded.toRSAPrivateKey()).isEqualTo(original.toRSAPrivateKey());
	}

	@Test
	void aPublicJwkCannotSign() throws Exception {
		Path jwk = Files.writeString(this.dir.resolve("public.json"), SigningKeys.rsa().toPublicJWK().toJSONString());

		assertThatThrownBy(() -> SigningKey.load(jwk)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("private part");
	}

	@Test
	void somethingElseIsRefusedNamingTheFile() throws Exception {
		Path other = Files.writeString(this.dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");

		assertThatThrownBy(() -> SigningKey.load(other)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(other.toString());
		assertThatThrownBy(() -> SigningKey.load(this.dir.resolve("missing.pem")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("cannot read");
	}

	@Test
	void eachGeneratedKeyIsNew() {
		assertThat(SigningKey.generated().getKeyID()).isNotEqualTo(SigningKey.generated().getKeyID());
	}

}
