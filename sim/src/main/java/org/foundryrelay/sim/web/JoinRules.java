package org.foundryrelay.sim.web;

/**
 * How closely the {@code /join} page and {@code POST /join} follow real Foundry. The lenient default makes
 * the front easy to drive by hand and from tests; the stricter rules reproduce what a login automation
 * has to cope with on real servers.
 */
public enum JoinRules {
    /** {@code POST /join} takes the user from any of {@code userId}, {@code userid} (ids) or {@code username}. */
    LENIENT,
    /** Only the imitated version's own fields count: {@code userid} up to v13; {@code userId} or {@code username} on v14. */
    VERSION_FIELDS,
    /**
     * As Foundry 14.366 and later: the v14 page holds no user list at all; users appear only as autocomplete
     * entries ({@code li[data-identifier=<user id>]}) while a name is typed into {@code #join-username}, picking
     * one fills the hidden {@code userId} field, and {@code POST /join} reads {@code userId} alone (so a
     * {@code userid} or a bare {@code username} is an unknown user). Up to v13 as {@link #VERSION_FIELDS}.
     */
    STRICT
}
