package org.foundryrelay.sim.world;

import java.util.random.RandomGenerator;

/** Random identifiers shaped like Foundry's and the module's. */
public final class Ids {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    private Ids() {}

    /** A 16-character document id, as {@code foundry.utils.randomID()} makes. */
    public static String documentId(RandomGenerator random) {
        return pick(random, ALPHANUMERIC, 16);
    }

    /** The module's manual roll id: {@code manual_<ms>_<base36 fragment>}. */
    public static String manualRollId(long millis, RandomGenerator random) {
        return "manual_" + millis + "_" + pick(random, BASE36, 11);
    }

    private static String pick(RandomGenerator random, String alphabet, int length) {
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        return new String(chars);
    }
}
