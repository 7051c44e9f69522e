package org.foundryrelay.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.function.Predicate;
import org.foundryrelay.auth.Principal;

/**
 * One MCP tool of the relay: its description, which keys may see and call it, and what a call does.
 *
 * @param refusal the tool error a key outside {@code allowed} gets when it calls the tool anyway
 * @param call    runs the call with the tool's arguments (without {@code clientId}) and the world asked for
 */
record RelayTool(McpSchema.Tool tool, Predicate<Principal> allowed, String refusal, Call call) {

    /** What a call does, given the caller, the arguments and the world named (null for the only one). */
    @FunctionalInterface
    interface Call {
        McpSchema.CallToolResult run(Principal principal, ObjectNode args, String clientId);
    }

    String name() {
        return tool.name();
    }
}
