package org.foundryrelay.sim.web;

import java.time.Instant;

/**
 * One {@code POST /join}, as recorded for tests. Holds how the user was named and who it resolved to,
 * never the password.
 *
 * @param at       when the request arrived
 * @param worldId  the world that was running, or null
 * @param field    the body field the user was taken from ({@code userId}, {@code userid} or
 *                 {@code username}), or null when none was given
 * @param given    that field's value as sent
 * @param userId   the resolved user's id, or null when no user matched
 * @param userName the resolved user's name, or null
 * @param json     whether the request was JSON (answered with JSON) rather than a form post
 * @param error    why the join was refused, or null when it succeeded
 */
public record LoginAttempt(
        Instant at,
        String worldId,
        String field,
        String given,
        String userId,
        String userName,
        boolean json,
        JoinError error) {

    public boolean succeeded() {
        return error == null;
    }
}
