package org.foundryrelay.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.KeyService;
import org.foundryrelay.auth.PairRequests;
import org.foundryrelay.auth.Pairing;
import org.foundryrelay.config.Config;
import org.foundryrelay.store.AccountRepository;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.Database;
import org.foundryrelay.store.PairRequestRepository;
import org.foundryrelay.store.PairingCodeRepository;
import org.foundryrelay.store.RemoteAccessRepository;
import org.foundryrelay.store.TokenRepository;
import org.foundryrelay.store.WorldRepository;

/** What a command runs with: its output streams, the environment, and the store opened on first use. */
public final class CliContext implements AutoCloseable {
    private final java.io.InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private Config config;
    private Database db;
    private org.foundryrelay.audit.AuditLog audit;

    public CliContext(PrintStream out, PrintStream err, Map<String, String> env) {
        this(System.in, out, err, env);
    }

    public CliContext(java.io.InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public PrintStream out() {
        return out;
    }

    public java.io.InputStream in() {
        return in;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> env() {
        return env;
    }

    public Config config() {
        if (config == null) config = Config.from(env);
        return config;
    }

    public Database database() {
        if (db == null) db = Database.open(config().database());
        return db;
    }

    public KeyService keys() {
        var d = database();
        return new KeyService(new AccountRepository(d), new ApiKeyRepository(d), Clock.systemUTC());
    }

    public ConnectionTokens tokens() {
        return new ConnectionTokens(new TokenRepository(database()), Clock.systemUTC());
    }

    public RemoteAccessRepository remoteAccess() {
        return new RemoteAccessRepository(database());
    }

    public WorldRepository worlds() {
        return new WorldRepository(database());
    }

    public Pairing pairing() {
        var d = database();
        return new Pairing(new PairingCodeRepository(d), new WorldRepository(d), tokens(), Clock.systemUTC());
    }

    public PairRequests pairRequests() {
        var d = database();
        return new PairRequests(new PairRequestRepository(d), new WorldRepository(d), pairing(), Clock.systemUTC());
    }

    /** The activity log, written when the command ends. */
    public org.foundryrelay.audit.AuditLog audit() {
        if (audit == null) {
            var d = database();
            audit = new org.foundryrelay.audit.AuditLog(new org.foundryrelay.store.AuditRepository(d), new ApiKeyRepository(d),
                    Clock.systemUTC(), java.time.Duration.ofDays(config().accounts().auditRetentionDays()));
        }
        return audit;
    }

    /**
     * Accounts with passwords. A deleted account's worlds are closed by the running relay, which notices its
     * revoked tokens; this process holds no sockets.
     */
    public org.foundryrelay.accounts.AccountService accountService() {
        var d = database();
        return new org.foundryrelay.accounts.AccountService(new AccountRepository(d),
                new org.foundryrelay.store.SignInRepository(d), new org.foundryrelay.store.PasswordResetRepository(d),
                tokens(), (tokenId, code, reason) -> 0, audit(), Clock.systemUTC(), false, 0);
    }

    @Override
    public void close() {
        if (audit != null) audit.flush();
        if (db != null) db.close();
    }
}
