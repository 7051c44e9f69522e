package org.foundryrelay.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real relay for a test class (started before its first test, stopped after its last) and fresh
 * simulated worlds for each test. Register with {@code @RegisterExtension static final RelayExtension env}.
 */
public final class RelayExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Map<String, String> variables;
    private TestRelay relay;
    private SimWorlds sims;

    public RelayExtension(Map<String, String> variables) {
        this.variables = variables;
    }

    public TestRelay relay() {
        return relay;
    }

    public SimWorlds sims() {
        return sims;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        relay = TestRelay.start(variables);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        relay.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sims = new SimWorlds();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sims.close();
    }
}
