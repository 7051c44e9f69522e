// Usage: node client.mjs <mcp url> <api key> <tool> <arguments as JSON>
// Connects over Streamable HTTP with the key as a Bearer token, lists the tools, calls one, and prints one
// JSON object with what it saw. An error is printed as {"error": message, "status": HTTP status or null}
// with exit code 1.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, key, tool, args] = process.argv.slice(2);
const client = new Client({ name: "relay-interop", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } },
});
try {
  await client.connect(transport);
  const listed = await client.listTools();
  const result = await client.callTool({ name: tool, arguments: JSON.parse(args) });
  console.log(JSON.stringify({
    server: client.getServerVersion(),
    protocolVersion: transport.protocolVersion ?? null,
    sessionId: transport.sessionId ?? null,
    tools: listed.tools.map((t) => ({ name: t.name, annotations: t.annotations ?? null })),
    result,
  }));
  await client.close();
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.message ? e.message : e), status: e?.code ?? null }));
  process.exitCode = 1;
}
