package org.foundryrelay.auth;

import java.time.Duration;
import java.time.Instant;
import org.foundryrelay.store.PairRequestRecord;

/**
 * The page a GM's browser opens during the device flow ({@code GET /pair/{code}}): what is waiting, and the
 * command the relay operator runs to approve it. Self-contained (inline style, no scripts or external
 * assets); every value from the request is escaped.
 */
final class PairPage {
    private PairPage() {}

    static String render(PairRequestRecord r, PairRequests.State state, Instant now) {
        var world = r.worldTitle() != null ? r.worldTitle() : r.worldId();
        var details = new StringBuilder("<dl>")
                .append(row("World", world))
                .append(row("World id", r.worldId()));
        if (r.systemTitle() != null || r.systemId() != null) {
            var system = r.systemTitle() != null ? r.systemTitle() : r.systemId();
            details.append(row("System", r.systemVersion() == null ? system : system + " " + r.systemVersion()));
        }
        if (r.foundryVersion() != null) details.append(row("Foundry", r.foundryVersion()));
        details.append("</dl>");

        var code = escape(r.code());
        var body = switch (state) {
            case PENDING -> {
                long minutes = Math.max(1, (Duration.between(now, Instant.ofEpochMilli(r.expiresAt())).toSeconds() + 59) / 60);
                var asks = r.upgradeOnly() ? "asks to confirm its existing pairing with this relay."
                        : "asks to be paired with this relay.";
                yield "<h1>Waiting for approval</h1>"
                        + "<p>The Foundry world <strong>" + escape(world) + "</strong> " + asks + "</p>" + details
                        + "<p><a href=\"/dashboard/worlds?pair=" + code + "\">Approve it in the relay's dashboard</a>"
                        + " (sign in first), or the relay's operator runs, on the relay's machine:</p>"
                        + "<pre>./relay pair approve " + code + " --account ACCOUNT_NAME</pre>"
                        + "<p>(<code>./relay pair deny " + code + "</code> refuses it.) Keep Foundry open: it notices"
                        + " the approval by itself and finishes pairing. This request expires in about "
                        + minutes + (minutes == 1 ? " minute." : " minutes.") + "</p>";
            }
            case APPROVED, EXCHANGED -> "<h1>Approved</h1><p>The world <strong>" + escape(world)
                    + "</strong> has been approved. You can close this tab and return to Foundry.</p>" + details;
            case DENIED -> "<h1>Denied</h1><p>The relay operator denied this request for <strong>" + escape(world)
                    + "</strong>.</p>" + details;
            case EXPIRED -> "<h1>Expired</h1><p>This request for <strong>" + escape(world)
                    + "</strong> has expired. Start pairing again from Foundry.</p>" + details;
        };
        // A pending page reloads itself so the GM sees the decision without doing anything.
        return page(state == PairRequests.State.PENDING, body);
    }

    static String notFound() {
        return page(false, "<h1>Unknown pair request</h1><p>No pair request has this code: it may have been"
                + " mistyped or have expired a while ago. Start pairing again from Foundry.</p>");
    }

    private static String row(String name, String value) {
        return value == null ? "" : "<dt>" + name + "</dt><dd>" + escape(value) + "</dd>";
    }

    private static String page(boolean refresh, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + (refresh ? "<meta http-equiv=\"refresh\" content=\"5\">" : "")
                + "<title>Pair a Foundry world · Foundry Relay</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;"
                + "line-height:1.5;color:#222;background:#fafafa}"
                + "pre{background:#222;color:#eee;padding:.75rem 1rem;border-radius:6px;overflow-x:auto}"
                + "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#666}dd{margin:0}"
                + "</style></head><body>" + body + "</body></html>\n";
    }

    /** Escapes text for HTML element content and attribute values. */
    static String escape(String s) {
        var sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
