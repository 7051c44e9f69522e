package org.foundryrelay.store;

/** An account (tenant) as stored. */
public record AccountRecord(String id, String name, long createdAt) {}
