package org.foundryrelay.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Relays} of a relay without a cluster: operations run here, other relays do not exist. */
final class Alone implements Relays {
    private static final Logger LOG = LoggerFactory.getLogger(Alone.class);

    private final String instanceId;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    Alone(String instanceId) {
        this.instanceId = instanceId;
    }

    @Override
    public String self() {
        return instanceId;
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public void serve(String operation, Operation handler) {
        operations.put(operation, handler);
    }

    @Override
    public CompletableFuture<Answer> ask(String to, String operation, String body, Duration timeout) {
        if (!to.equals(instanceId)) {
            return CompletableFuture.completedFuture(Answer.error(502, "Relay " + to + " is not part of this deployment"));
        }
        return CompletableFuture.completedFuture(run(operations.get(operation), operation, body));
    }

    @Override
    public Set<String> present(Collection<String> instanceIds) {
        return instanceIds.contains(instanceId) ? Set.of(instanceId) : Set.of();
    }

    /** Runs a handler, turning a missing one or its failure into an error answer (shared with the cluster). */
    static Answer run(Operation handler, String operation, String body) {
        if (handler == null) return Answer.error(501, "This relay does not serve the operation " + operation);
        try {
            return handler.run(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(503, "The relay stopped while running " + operation);
        } catch (Exception e) {
            LOG.warn("operation {} failed: {}", operation, e.toString());
            return Answer.error(500, "Internal error while running " + operation + " on relay");
        }
    }
}
