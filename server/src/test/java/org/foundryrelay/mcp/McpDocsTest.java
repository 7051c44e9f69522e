package org.foundryrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.routes.Route;
import org.foundryrelay.routes.RouteTable;
import org.junit.jupiter.api.Test;

/**
 * docs/MCP.md's generated sections (the read-only key's scopes, the destructive tools) match the route
 * table. Regenerate after a change with
 * {@code ./mvnw -pl server -am test -Dtest=McpDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.write=true}.
 */
class McpDocsTest {
    private static final Path PAGE = Path.of("..", "docs", "MCP.md");

    @Test
    void theGeneratedSectionsMatchTheRouteTable() throws Exception {
        var text = Files.readString(PAGE);
        var updated = section(section(text, "read-only-key", readOnlyKey()), "destructive-tools", destructiveTools());
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(PAGE, updated);
            return;
        }
        assertThat(text).as("docs/MCP.md is up to date (regenerate with -Ddocs.write=true)").isEqualTo(updated);
    }

    /** Scopes all of whose rows only read, plus clients:read for the world list. */
    static String readOnlyKey() {
        var scopes = new TreeSet<String>();
        scopes.add(Scope.CLIENTS_READ.wireName());
        for (var route : RouteTable.all()) {
            var scope = route.scope();
            if (RouteTable.all().stream().filter(r -> r.scope() == scope).allMatch(r -> r.effect() == Route.Effect.READ)) {
                scopes.add(scope.wireName());
            }
        }
        return "```bash\n./relay keys create --account mytable --name assistant --scopes " + String.join(",", scopes) + "\n```\n";
    }

    static String destructiveTools() {
        var md = new StringBuilder("| Tool | Scope | Same as | What it does |\n| --- | --- | --- | --- |\n");
        RouteTable.all().stream().filter(r -> r.effect() == Route.Effect.DESTRUCTIVE)
                .sorted(java.util.Comparator.comparing(RouteTools::name))
                .forEach(r -> md.append("| `").append(RouteTools.name(r)).append("` | `").append(r.scope().wireName())
                        .append("` | `").append(r.method()).append(' ').append(r.path()).append("` | ")
                        .append(r.summary()).append(" |\n"));
        return md.toString();
    }

    private static String section(String page, String name, String content) {
        var pattern = Pattern.compile("(<!-- generated:" + name + " -->\n)(.*?)(<!-- /generated -->)", Pattern.DOTALL);
        var m = pattern.matcher(page);
        assertThat(m.find()).as("docs/MCP.md has the generated:" + name + " section").isTrue();
        return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + content + m.group(3)));
    }
}
