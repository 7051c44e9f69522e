package org.foundryrelay.bench.suite;

/** One benchmark's part of the report, and whether it met its targets. */
public record Section(String title, String markdown, boolean targetsMet) {}
