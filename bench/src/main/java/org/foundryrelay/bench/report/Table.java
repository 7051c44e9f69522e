package org.foundryrelay.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A markdown table built row by row. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        if (cells.length != header.size()) throw new IllegalArgumentException("expected " + header.size() + " cells");
        var row = new ArrayList<String>();
        for (var c : cells) row.add(String.valueOf(c).replace("|", "\\|"));
        rows.add(row);
        return this;
    }

    public String markdown() {
        var sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        header.forEach(h -> sb.append(" --- |"));
        sb.append('\n');
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        cells.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append('\n');
    }
}
