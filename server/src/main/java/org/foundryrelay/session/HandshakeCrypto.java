package org.foundryrelay.session;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The handshake's cryptography: a fresh RSA-2048 key pair, its public half as PEM (SPKI), and RSA-OAEP
 * decryption that accepts what the published client examples produce.
 */
final class HandshakeCrypto {
    /**
     * OAEP variants tried in turn. SHA-256 with MGF1-SHA-256 is what WebCrypto, Node's
     * {@code oaepHash:'sha256'} and Python's {@code OAEP(MGF1(SHA256), SHA256)} send; SHA-1 throughout is
     * Node's and the older examples' default; SHA-256 with MGF1-SHA-1 is what a Java client gets from
     * {@code Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding")} without parameters. A wrong
     * variant fails OAEP's integrity check, so trying them in turn cannot yield a wrong plaintext.
     */
    private static final List<OAEPParameterSpec> ACCEPTED = List.of(
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT),
            new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT),
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));

    private HandshakeCrypto() {}

    static KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is missing from this JDK", e);
        }
    }

    /** {@code -----BEGIN PUBLIC KEY-----}, base64 in 64-character lines, {@code -----END PUBLIC KEY-----}. */
    static String pem(PublicKey key) {
        var body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** The plaintext, or empty when no accepted OAEP variant decrypts the ciphertext with this key. */
    static Optional<byte[]> decrypt(PrivateKey key, byte[] ciphertext) {
        for (var spec : ACCEPTED) {
            try {
                var cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, spec);
                return Optional.of(cipher.doFinal(ciphertext));
            } catch (GeneralSecurityException e) {
                // not this variant (or not this key): try the next
            }
        }
        return Optional.empty();
    }
}
