package org.foundryrelay.cluster;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so that its text crosses the wire only when Redis does not
 * know it yet (the first use, or after Redis restarted): then it is sent once with {@code EVAL}, which also
 * caches it. A reconnect storm's thousands of logins then cost a short command each, not the script's text.
 */
record Script(String text, String sha) {

    static Script of(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Script(text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-1
        }
    }

    /** Runs the script; completes exceptionally when Redis cannot run it (unreachable, or the script failed). */
    <T> CompletableFuture<T> run(RedisAsyncCommands<String, String> commands, ScriptOutputType type, String[] keys,
                                 String... args) {
        return commands.<T>evalsha(sha, type, keys, args).toCompletableFuture().exceptionallyCompose(e -> {
            var cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) return commands.<T>eval(text, type, keys, args).toCompletableFuture();
            return CompletableFuture.failedFuture(cause);
        });
    }
}
