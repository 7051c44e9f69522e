package org.foundryrelay.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.foundryrelay.foundry.WorldsElsewhere;
import org.foundryrelay.json.Json;

/**
 * Named operations one relay asks another to run: a feature registers what it serves under a name
 * ({@link #serve}), and any relay of the cluster may ask a named relay to run it ({@link #ask}). The answer
 * is an HTTP status and a JSON body, which the asking relay hands to its client unchanged. A single relay
 * uses {@link #alone}: it only ever asks itself. Redis is trusted: whatever arrives was checked (key, scope,
 * account) by the relay that asked.
 */
public interface Relays {

    /** Runs one operation on the relay asked; the body is the asking relay's, the answer goes back to it. */
    @FunctionalInterface
    interface Operation {
        Answer run(String body) throws Exception;
    }

    /** What an operation answered: an HTTP status and JSON text. */
    record Answer(int status, String body) {
        /** {@code {"error": message}} with the given status. */
        public static Answer error(int status, String message) {
            return new Answer(status, Json.write(Json.error(message)));
        }
    }

    /** This relay's instance id. */
    String self();

    /** Whether other relays may exist (a cluster member), as opposed to a relay on its own. */
    boolean clustered();

    /** Serves {@code operation} to every relay (this one included); one handler per name. */
    void serve(String operation, Operation handler);

    /**
     * Asks relay {@code instanceId} to run {@code operation}. Completes normally, never exceptionally: with the
     * operation's answer, or with a relay error answer: 502 when that relay is gone (at once, also while
     * waiting), 503 when the cluster is unreachable, 504 when no answer came within {@code timeout}.
     */
    CompletableFuture<Answer> ask(String instanceId, String operation, String body, Duration timeout);

    /**
     * Those of {@code instanceIds} that are members of the cluster now (listening for operations).
     *
     * @throws WorldsElsewhere.Unavailable when the cluster cannot be asked
     */
    Set<String> present(Collection<String> instanceIds);

    /** A relay on its own: it runs what it asks of itself, and knows of no other relay. */
    static Relays alone(String instanceId) {
        return new Alone(instanceId);
    }
}
