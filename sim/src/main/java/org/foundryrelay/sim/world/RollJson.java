package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.foundryrelay.sim.dice.Roll;

/** The module's JSON views of a roll. */
final class RollJson {
    private RollJson() {}

    /** {@code roll.dice.map(d => ({faces, results: [{result, active}]}))}: every die term, nested ones too. */
    static ArrayNode dice(Roll roll) {
        var dice = Json.array();
        for (var term : roll.dice()) {
            var die = dice.addObject();
            die.put("faces", term.faces());
            var results = die.putArray("results");
            for (var result : term.results()) {
                var r = results.addObject();
                r.put("result", result.result());
                r.put("active", result.active());
            }
        }
        return dice;
    }

    /**
     * A {@code recentRolls} entry: {@code id, messageId, user, speaker, flavor, rollTotal, formula,
     * isCritical, isFumble, dice, timestamp}. {@code user} null writes JSON null.
     */
    static ObjectNode entry(String id, String messageId, ObjectNode user, ObjectNode speaker, String flavor,
                            Roll roll, String formula, boolean critical, boolean fumble, long timestamp) {
        var entry = Json.object();
        entry.put("id", id);
        if (messageId == null) entry.putNull("messageId");
        else entry.put("messageId", messageId);
        if (user == null) entry.putNull("user");
        else entry.set("user", user);
        entry.set("speaker", speaker);
        entry.put("flavor", flavor);
        Json.putNumber(entry, "rollTotal", roll.total());
        entry.put("formula", formula);
        entry.put("isCritical", critical);
        entry.put("isFumble", fumble);
        entry.set("dice", dice(roll));
        entry.put("timestamp", timestamp);
        return entry;
    }

    /** JavaScript {@code String(total)}, the content Foundry gives a roll message. */
    static String totalText(double total) {
        return total == Math.rint(total) && Math.abs(total) < 1e21 ? Long.toString((long) total) : Double.toString(total);
    }
}
