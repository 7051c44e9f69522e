package org.foundryrelay.sim.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;
import org.foundryrelay.sim.protocol.RelayUrls;
import org.foundryrelay.sim.protocol.WorldInfo;
import org.foundryrelay.sim.web.FoundryVersion.JoinStyle;

/** Renders the setup, join and game pages. Every dynamic value passes through {@link Html#escape}. */
final class Pages {
    /** How long v14's setup page waits before it shows the world list. */
    private static final int LATE_WORLD_LIST_MS = 300;

    private final FoundryVersion version;

    Pages(FoundryVersion version) {
        this.version = version;
        for (var script : new String[] {"module.js", "setup.js", "join.js"}) {
            if (Html.resource(script).contains("</")) throw new IllegalStateException(script + " cannot be inlined");
        }
    }

    /** A page and the nonce its scripts carry. */
    record Page(String html, String nonce) {}

    Page setup(Collection<HostedWorld> worlds) {
        var items = new StringBuilder();
        for (var world : worlds) {
            var id = Html.escape(world.id());
            items.append("\n    <li class=\"package world\" data-package-id=\"").append(id).append("\">")
                    .append("<h3 class=\"package-title\">").append(Html.escape(world.title())).append("</h3>")
                    .append("<a class=\"control play\" data-action=\"worldLaunch\" href=\"#\" title=\"Launch World\">")
                    .append("Launch World</a></li>");
        }
        boolean late = version.rendersWorldListLate();
        var config = Http.JSON.createObjectNode()
                .put("lateWorldList", late)
                .put("lateWorldListDelayMs", LATE_WORLD_LIST_MS);
        var nonce = Html.nonce();
        return new Page(Html.render("setup.html", Map.of(
                "css", Html.resource("foundry.css"),
                "worlds", late ? "" : items.toString(),
                "lateWorlds", late ? items.toString() : "",
                "version", Html.escape(version.build()),
                "config", Html.scriptJson(config),
                "nonce", nonce,
                "script", Html.resource("setup.js"))), nonce);
    }

    /**
     * The join form. {@code previous} is the user named in a failed attempt, kept selected or typed;
     * users for whom {@code present} holds are greyed out in the list, as Foundry does for users
     * already logged in. With {@code autocomplete} (v14 only) the page lists no user: its script asks
     * {@code /join/users} while a name is typed and shows the answer as {@code li[data-identifier]}
     * entries; picking one fills the hidden {@code userId} field.
     */
    Page join(HostedWorld world, JoinError error, String previous, boolean autocomplete, Predicate<String> present) {
        var userField = new StringBuilder();
        if (version.joinStyle() == JoinStyle.USER_SELECT) {
            userField.append("<label for=\"join-userid\">User</label>\n    <select id=\"join-userid\" name=\"userid\">")
                    .append("<option value=\"\"></option>");
            for (var user : world.world().users()) {
                userField.append("<option value=\"").append(Html.escape(user.id())).append('"');
                if (user.id().equals(previous)) userField.append(" selected");
                if (present.test(user.id())) userField.append(" disabled");
                userField.append('>').append(Html.escape(user.name())).append("</option>");
            }
            userField.append("</select>");
        } else {
            userField.append("<label for=\"join-username\">User Name</label>\n    <input type=\"text\" id=\"join-username\"")
                    .append(" name=\"username\" placeholder=\"User Name\" autocomplete=\"off\" value=\"")
                    .append(Html.escape(previous)).append('"');
            if (autocomplete) {
                userField.append(" role=\"combobox\" aria-autocomplete=\"list\" aria-controls=\"autocomplete\"")
                        .append(" aria-expanded=\"false\">\n    <input type=\"hidden\" name=\"userId\" value=\"\">")
                        .append("\n    <ul id=\"autocomplete\" class=\"autocomplete\" role=\"listbox\" hidden></ul>");
            } else {
                userField.append('>');
            }
        }
        var errorHtml = error == null ? ""
                : "<p id=\"join-error\" class=\"notification error\" role=\"alert\" data-code=\""
                        + Html.escape(error.code()) + "\">" + Html.escape(error.message()) + "</p>";
        var nonce = autocomplete ? Html.nonce() : "";
        var script = autocomplete ? "<script nonce=\"" + nonce + "\">" + Html.resource("join.js") + "</script>" : "";
        return new Page(Html.render("join.html", Map.of(
                "css", Html.resource("foundry.css"),
                "worldTitle", Html.escape(world.title()),
                "error", errorHtml,
                "formId", version.joinFormId(),
                "userField", userField.toString(),
                "version", Html.escape(version.build()),
                "script", script)), nonce);
    }

    Page game(HostedWorld world, Session session) {
        var config = Http.JSON.createObjectNode();
        config.put("foundryVersion", version.build());
        config.putObject("user").put("id", session.userId()).put("name", session.userName()).put("role", session.role());
        config.putObject("world").put("id", world.id()).put("title", world.title());
        if (session.isFullGm()) config.set("module", moduleConfig(world));
        else config.putNull("module");
        var nonce = Html.nonce();
        return new Page(Html.render("game.html", Map.of(
                "css", Html.resource("foundry.css"),
                "worldTitle", Html.escape(world.title()),
                "userName", Html.escape(session.userName()),
                "version", Html.escape(version.build()),
                "config", Html.scriptJson(config),
                "nonce", nonce,
                "script", Html.resource("module.js"))), nonce);
    }

    /** The module's settings for the page; the socket URL is built as the module builds it. */
    private ObjectNode moduleConfig(HostedWorld world) {
        var settings = world.module();
        var timings = settings.timings();
        var module = Http.JSON.createObjectNode();
        module.put("paired", settings.isPaired());
        if (settings.isPaired()) {
            var info = world.world().info();
            // The page reports the server's version, as the module reads it from the running Foundry.
            var reported = new WorldInfo(info.worldId(), info.worldTitle(), version.build(), info.systemId(),
                    info.systemTitle(), info.systemVersion(), info.customName());
            module.put("socketUrl", RelayUrls.relayUri(settings.relayUrl(), settings.clientId(), reported).toString());
        }
        module.put("clientId", settings.clientId());
        module.put("pingIntervalMs", timings.pingInterval().toMillis());
        module.put("reconnectBaseMs", timings.reconnectBaseDelay().toMillis());
        module.put("reconnectMaxMs", timings.reconnectMaxDelay().toMillis());
        module.put("maxAttempts", timings.reconnectMaxAttempts());
        module.put("duplicateRetryMs", timings.duplicateRetryDelay().toMillis());
        module.put("connectTimeoutMs", timings.connectTimeout().toMillis());
        module.put("startDelayMs", settings.startDelay().toMillis());
        return module;
    }
}
