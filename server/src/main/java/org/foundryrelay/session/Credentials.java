package org.foundryrelay.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
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
