package org.foundryrelay.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.foundryrelay.json.Json;

/**
 * What a client encrypts for {@code /start-session}: JSON {@code {"password": …, "nonce": …}}. The
 * password is copied straight from the parser's buffer into a {@link Password}, so it never becomes a
 * string here. A missing password reads as empty (Foundry users may have none); a missing nonce as null.
 */
record Credentials(Password password, String nonce) implements AutoCloseable {

    /** Thrown when the decrypted bytes are not such an object. */
    static final class Malformed extends Exception {
        Malformed() {
            super("decrypted payload is not {\"password\",\"nonce\"}", null, false, false);
        }
    }

    /**
     * Decodes, decrypts and parses what {@code /start-session} received for this handshake, and checks
     * its nonce; the handshake must already be taken.
     *
     * @throws Refusal {@code DECRYPT_FAILED} or {@code NONCE_MISMATCH}
     */
    static Credentials open(Handshakes.Handshake handshake, String encryptedPassword) {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(encryptedPassword.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new Refusal(Refusal.Reason.DECRYPT_FAILED, "encryptedPassword is not valid base64");
        }
        var plaintext = HandshakeCrypto.decrypt(handshake.privateKey(), ciphertext).orElseThrow(() -> new Refusal(
                Refusal.Reason.DECRYPT_FAILED, "Cannot decrypt encryptedPassword: encrypt the JSON {\"password\": …, \"nonce\": …} with"
                        + " RSA-OAEP (SHA-256 or SHA-1) and this handshake's public key, then base64 it"));
        Credentials credentials;
        try {
            credentials = parse(plaintext);
        } catch (Malformed e) {
            throw new Refusal(Refusal.Reason.DECRYPT_FAILED, "The decrypted payload must be JSON {\"password\": …, \"nonce\": …}");
        }
        var nonce = credentials.nonce();
        if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
                handshake.nonce().getBytes(StandardCharsets.UTF_8))) {
            credentials.close();
            throw new Refusal(Refusal.Reason.NONCE_MISMATCH, "Nonce mismatch: encrypt the nonce this handshake returned, with the password");
        }
        return credentials;
    }

    /** Parses the plaintext and zeroes it. */
    static Credentials parse(byte[] plaintext) throws Malformed {
        char[] password = new char[0];
        String nonce = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(plaintext)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new Malformed();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                var field = p.currentName();
                var value = p.nextToken();
                if ("password".equals(field) && value == JsonToken.VALUE_STRING) {
                    Arrays.fill(password, '\0');
                    password = Arrays.copyOfRange(p.getTextCharacters(), p.getTextOffset(), p.getTextOffset() + p.getTextLength());
                } else if ("nonce".equals(field) && value == JsonToken.VALUE_STRING) {
                    nonce = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new Malformed();
            return new Credentials(new Password(password), nonce);
        } catch (IOException e) {
            Arrays.fill(password, '\0');
            throw new Malformed();
        } catch (Malformed e) {
            Arrays.fill(password, '\0');
            throw e;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public void close() {
        password.close();
    }

    @Override
    public String toString() {
        return "Credentials[hidden]";
    }
}
