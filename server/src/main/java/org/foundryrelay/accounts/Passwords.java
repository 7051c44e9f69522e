package org.foundryrelay.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle), stored in the usual PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} so other tools can verify it. The parameters are OWASP's
 * minimum for Argon2id; a stored hash carries its own, so they can be raised later without a migration.
 */
public final class Passwords {
    private static final int MEMORY_KB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** Verified when an account does not exist, so a wrong email costs as long as a wrong password. */
    private static final String DUMMY = hash("not a real password".toCharArray());

    private Passwords() {}

    /** Hashes a password with a fresh salt. */
    public static String hash(char[] password) {
        var salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        var out = derive(password, salt, MEMORY_KB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} matches the stored hash; a null or unreadable hash never matches. */
    public static boolean verify(char[] password, String stored) {
        if (stored == null) {
            verify(password, DUMMY);
            return false;
        }
        var parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
        try {
            int m = 0, t = 0, p = 0;
            for (var kv : parts[3].split(",")) {
                var pair = kv.split("=", 2);
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> { return false; }
                }
            }
            var salt = B64D.decode(parts[4]);
            var expected = B64D.decode(parts[5]);
            var actual = derive(password, salt, m, t, p, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Runs a verification that cannot match: keeps the time of a sign-in with an unknown login the same. */
    public static void burn(char[] password) {
        verify(password, DUMMY);
    }

    /**
     * The password policy of the established relay, with its error texts.
     *
     * @return the first rule the password breaks, or empty when it is acceptable
     */
    public static Optional<String> policyProblem(String password) {
        if (password == null || password.length() < 8) return Optional.of("Password must be at least 8 characters long");
        if (password.length() > 1024) return Optional.of("Password must be at most 1024 characters long");
        if (password.chars().noneMatch(Character::isUpperCase)) {
            return Optional.of("Password must contain at least one uppercase letter");
        }
        if (password.chars().noneMatch(Character::isLowerCase)) {
            return Optional.of("Password must contain at least one lowercase letter");
        }
        if (password.chars().noneMatch(Character::isDigit)) return Optional.of("Password must contain at least one number");
        return Optional.empty();
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKb, int iterations, int parallelism, int length) {
        var params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKb).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
        var generator = new Argon2BytesGenerator();
        generator.init(params);
        var bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        var pw = new byte[bytes.remaining()];
        bytes.get(pw);
        var out = new byte[length];
        try {
            generator.generateBytes(pw, out);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        return out;
    }
}
