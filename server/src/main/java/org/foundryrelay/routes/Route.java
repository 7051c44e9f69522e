package org.foundryrelay.routes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.foundryrelay.auth.Scope;

/**
 * One endpoint forwarded to a world: a row of the route table. HTTP, the client WebSocket, MCP, the docs
 * and the OpenAPI description are all derived from these rows. Build rows with {@link #get}, {@link #post},
 * {@link #put} or {@link #delete}.
 *
 * @param messageType the {@code type} of the message sent to the module (it answers {@code <type>-result})
 * @param timeout     how long to wait for the world's answer; empty means the relay's configured default
 * @param group       the docs section (and OpenAPI tag) the route belongs to
 * @param effect      what the call does to the world, for audit and for tool annotations
 * @param rules       the row's own checks and payload additions, applied after the parameters are read
 * @param reply       how the world's answer is turned into a response
 * @param example     a call that succeeds against the simulator's bundled world: used by the docs, the
 *                    generated contract tests and the MCP tool schemas' examples
 */
public record Route(
        Method method,
        String path,
        String messageType,
        Scope scope,
        List<Param> params,
        Optional<Duration> timeout,
        String group,
        String summary,
        Effect effect,
        List<Rule> rules,
        ReplyKind reply,
        Optional<Example> example) {

    /**
     * An example call: the path with its query string (and concrete path segments), and the JSON body or
     * null.
     */
    public record Example(String pathAndQuery, String body) {}

    /** What a call does to the world. */
    public enum Effect {
        /** Reads only. */
        READ,
        /** Changes the world but can be undone or repeated safely. */
        WRITE,
        /** Deletes or destroys something (documents, chat, hit points). */
        DESTRUCTIVE
    }

    /** How the world's answer reaches the caller. */
    public enum ReplyKind {
        /** The module's JSON, byte for byte. */
        JSON,
        /** The module's base64 image data, decoded to raw bytes with its content type and size headers. */
        IMAGE,
        /** The module's base64 file data, decoded to raw bytes as a download (unless base64 was asked for). */
        FILE
    }

    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(messageType);
        Objects.requireNonNull(scope, "every forwarded route needs a scope");
        params = List.copyOf(params);
        rules = List.copyOf(rules);
    }

    public static Builder get(String path, String messageType) {
        return new Builder(Method.GET, path, messageType).effect(Effect.READ);
    }

    public static Builder post(String path, String messageType) {
        return new Builder(Method.POST, path, messageType);
    }

    public static Builder put(String path, String messageType) {
        return new Builder(Method.PUT, path, messageType);
    }

    public static Builder delete(String path, String messageType) {
        return new Builder(Method.DELETE, path, messageType).effect(Effect.DESTRUCTIVE);
    }

    /** The parameter read from the path segment {@code {name}}, if the row has one. */
    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Builds one row; scope, group and summary are required. */
    public static final class Builder {
        private final Method method;
        private final String path;
        private final String messageType;
        private Scope scope;
        private final List<Param> params = new ArrayList<>();
        private Duration timeout;
        private String group;
        private String summary;
        private Effect effect = Effect.WRITE;
        private final List<Rule> rules = new ArrayList<>();
        private ReplyKind reply = ReplyKind.JSON;
        private Example example;

        private Builder(Method method, String path, String messageType) {
            this.method = method;
            this.path = path;
            this.messageType = messageType;
        }

        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        public Builder params(Param... more) {
            params.addAll(List.of(more));
            return this;
        }

        public Builder params(List<Param> more) {
            params.addAll(more);
            return this;
        }

        /** Overrides the relay's default wait for the world's answer. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder effect(Effect effect) {
            this.effect = effect;
            return this;
        }

        /** Marks the call as deleting or destroying something. */
        public Builder destructive() {
            return effect(Effect.DESTRUCTIVE);
        }

        public Builder rule(Rule rule) {
            rules.add(rule);
            return this;
        }

        public Builder reply(ReplyKind reply) {
            this.reply = reply;
            return this;
        }

        /** A call that succeeds against the simulator's bundled world ({@code body} may be null). */
        public Builder example(String pathAndQuery, String body) {
            this.example = new Example(pathAndQuery, body);
            return this;
        }

        public Route build() {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(summary, "summary");
            return new Route(method, path, messageType, scope, params, Optional.ofNullable(timeout), group, summary,
                    effect, rules, reply, Optional.ofNullable(example));
        }
    }
}
