package org.foundryrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.foundryrelay.testing.MainProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything that stops the relay (or an admin command) from starting is one line on stderr and exit
 * code 2: never a stack trace, never a password. Each case runs the relay's main class in its own JVM,
 * as an operator would.
 */
class StartupFailureTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String err) {
        List<String> lines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var vars = new HashMap<>(env);
        vars.putIfAbsent("DATA_DIR", tmp.resolve("data").toString());
        var process = MainProcess.start(vars, List.of(), args);
        process.getOutputStream().close();
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), err);
    }

    private static void assertOneLine(Run run, String... mentions) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ", "Exception").contains(mentions);
    }

    @Test
    void aPortInUseNamesHostAndPort() throws Exception {
        try (var taken = new ServerSocket(0)) {
            var run = run(Map.of("HOST", "127.0.0.1", "PORT", Integer.toString(taken.getLocalPort())));
            assertOneLine(run, "HOST=127.0.0.1", "PORT=" + taken.getLocalPort(), "already in use");
        }
    }

    @Test
    void aHostThatIsNotThisMachineIsNamed() throws Exception {
        assertOneLine(run(Map.of("HOST", "no-such-host.invalid", "PORT", "0")), "HOST=no-such-host.invalid", "does not resolve");
        assertOneLine(run(Map.of("HOST", "192.0.2.1", "PORT", "0")), "HOST=192.0.2.1", "not an address of this machine");
    }

    @Test
    void aDataDirThatIsAFileIsNamed() throws Exception {
        var file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertOneLine(run(Map.of("DATA_DIR", file.toString(), "PORT", "0")), file.toString(), "is a file");
    }

    @Test
    void anUnreachableOrRefusingPostgresIsNamedWithoutItsPassword() throws Exception {
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var unreachable = run(Map.of("DATABASE_URL", "postgres://relay:hunter2secret@127.0.0.1:" + closed + "/test", "PORT", "0"));
        assertOneLine(unreachable, "host 127.0.0.1", "port " + closed, "database test", "user relay");
        assertThat(unreachable.err()).doesNotContain("hunter2secret");

        var refusing = run(Map.of("DATABASE_URL", "postgres://postgres:hunter2secret@127.0.0.1:5432/no_such_database_here", "PORT", "0"));
        assertOneLine(refusing, "database no_such_database_here", "does not exist");
        assertThat(refusing.err()).doesNotContain("hunter2secret");

        var cli = run(Map.of("DATABASE_URL", "postgres://relay:hunter2secret@127.0.0.1:" + closed + "/test"), "accounts", "list");
        assertOneLine(cli, "relay accounts:", "port " + closed);
        assertThat(cli.err()).doesNotContain("hunter2secret");
    }

    @Test
    void logLevelAndCorsOriginsAreValidated() throws Exception {
        assertOneLine(run(Map.of("LOG_LEVEL", "LOUD", "PORT", "0")), "LOG_LEVEL", "LOUD");
        assertOneLine(run(Map.of("CORS_ORIGINS", "https://ok.example, not an origin", "PORT", "0")), "CORS_ORIGINS", "not an origin");
        assertOneLine(run(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, nginx.internal", "PORT", "0")), "TRUSTED_PROXIES", "nginx.internal");
    }

    @Test
    void aClusterOnSqliteOrWithoutRedisStopsWithOneLine() throws Exception {
        assertOneLine(run(Map.of("REDIS_URL", "redis://127.0.0.1:6379", "PORT", "0")), "REDIS_URL", "PostgreSQL");
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var schema = org.foundryrelay.testing.TestDatabases.postgres();
        try {
            var unreachable = run(Map.of("DATABASE_URL", schema.jdbcUrl(), "DB_TYPE", "postgres", "DB_SCHEMA", schema.schema(),
                    "REDIS_URL", "redis://:hunter2secret@127.0.0.1:" + closed, "PORT", "0"));
            assertOneLine(unreachable, "REDIS_URL", "127.0.0.1:" + closed);
            assertThat(unreachable.err()).doesNotContain("hunter2secret");
        } finally {
            org.foundryrelay.testing.TestDatabases.drop(schema);
        }
    }
}
