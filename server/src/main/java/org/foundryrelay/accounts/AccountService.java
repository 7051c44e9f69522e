package org.foundryrelay.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.audit.AuditLog.Who;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.auth.RateLimiter;
import org.foundryrelay.auth.Secrets;
import org.foundryrelay.auth.WorldDisconnector;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.AccountRepository;
import org.foundryrelay.store.PasswordResetRepository;
import org.foundryrelay.store.SignInRecord;
import org.foundryrelay.store.SignInRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts people sign in to: passwords, sign-in sessions, lockout, password reset, the first admin and
 * account deletion. Session tokens are 32 random bytes; only their SHA-256 is stored. Sign-in errors are the
 * same whether or not the login exists, and take as long.
 */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    public static final Duration API_SESSION_TTL = Duration.ofDays(30);
    public static final Duration WEB_SESSION_TTL = Duration.ofDays(7);
    public static final Duration RESET_TTL = Duration.ofHours(1);
    static final int LOCK_AFTER_FAILURES = 5;
    static final Duration LOCK_FOR = Duration.ofMinutes(15);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final AccountRepository accounts;
    private final SignInRepository signIns;
    private final PasswordResetRepository resets;
    private final ConnectionTokens tokens;
    private final WorldDisconnector disconnector;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean registrationOpen;
    private final RateLimiter addressFailures;
    private final ConcurrentHashMap<String, Failures> loginFailures = new ConcurrentHashMap<>();
    private volatile String setupCode;

    private record Failures(int count, long firstAt, long lockedUntil) {}

    /** A successful sign-in: the account, the session and its plain token (handed out once). */
    public record SignIn(AccountRecord account, SignInRecord session, String token) {}

    /** The signed-in account behind a presented token. */
    public record Current(AccountRecord account, SignInRecord session) {}

    public AccountService(AccountRepository accounts, SignInRepository signIns, PasswordResetRepository resets,
                          ConnectionTokens tokens, WorldDisconnector disconnector, AuditLog audit, Clock clock,
                          boolean registrationOpen, int authRateLimit) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.resets = resets;
        this.tokens = tokens;
        this.disconnector = disconnector;
        this.audit = audit;
        this.clock = clock;
        this.registrationOpen = registrationOpen;
        this.addressFailures = new RateLimiter(authRateLimit, LOCK_FOR.toMillis(), clock);
    }

    public boolean registrationOpen() {
        return registrationOpen;
    }

    // --- the first admin ---------------------------------------------------------------------------

    /** {@code ADMIN_EMAIL} + {@code ADMIN_PASSWORD}: creates that admin, or promotes the account with that email. */
    public void bootstrapAdmin(String email, String password) {
        var existing = accounts.findByLogin(email);
        if (existing.isPresent()) {
            if (!existing.get().isAdmin()) accounts.setRole(existing.get().id(), AccountRecord.ADMIN);
            return;
        }
        create(uniqueName(email), email, password.toCharArray(), true);
        LOG.info("admin account {} created from ADMIN_EMAIL", email.toLowerCase(Locale.ROOT));
    }

    /**
     * A one-time code for the first-run setup page, while no account exists; null otherwise. The same code
     * is returned until it is used.
     */
    public synchronized String setupCode() {
        if (accounts.count() > 0) {
            setupCode = null;
            return null;
        }
        if (setupCode == null) setupCode = Secrets.randomCode("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8);
        return setupCode;
    }

    public boolean setupOpen() {
        return accounts.count() == 0;
    }

    /** Creates the first admin from the setup page; refused once any account exists or with a wrong code. */
    public synchronized AccountRecord setup(String code, String email, String password) {
        var expected = setupCode;
        if (!setupOpen() || expected == null) throw new ApiException(409, "This relay is already set up; sign in instead");
        if (code == null || !java.security.MessageDigest.isEqual(expected.getBytes(), code.trim().toUpperCase(Locale.ROOT).getBytes())) {
            throw new ApiException(403, "Wrong setup code; it is printed in the relay's log");
        }
        if (email == null || email.isBlank()) throw new ApiException(400, "Email is required");
        var account = create(uniqueName(email), email, password == null ? null : password.toCharArray(), true);
        setupCode = null;
        return account;
    }

    // --- creating and changing accounts ------------------------------------------------------------

    /**
     * Creates an account with a password.
     *
     * @param email null for an account known by name only
     * @throws ApiException 400 for a bad name, email or password, 409 when the name or email is taken
     */
    public AccountRecord create(String name, String email, char[] password, boolean admin) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiException(400, "Account name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        var normalized = email == null ? null : normalizeEmail(email);
        checkPassword(password == null ? null : new String(password));
        var record = new AccountRecord("acc_" + Secrets.randomHex(8), name, normalized, Passwords.hash(password),
                admin ? AccountRecord.ADMIN : AccountRecord.USER, false, clock.millis());
        if (!accounts.insert(record)) throw new ApiException(409, "User already exists");
        audit.record(Who.session(record.id()), null, "account.created", admin ? "admin" : null);
        return record;
    }

    /** {@code POST /auth/register}: only when registration is open. */
    public SignIn register(String email, String password, String userAgent, String address) {
        if (!registrationOpen) throw new ApiException(403, "Registration is disabled on this server");
        // Registrations count against the address like failed sign-ins, so open registration cannot be flooded.
        if (addressFailures.exhausted(address)) {
            throw new ApiException(429, "Too many authentication attempts from this IP, please try again after 15 minutes");
        }
        addressFailures.acquire(address);
        if (email == null || password == null || email.isBlank() || password.isEmpty()) {
            throw new ApiException(400, "Email and password are required");
        }
        var account = create(uniqueName(email), email, password.toCharArray(), false);
        return startSession(account, "api", userAgent, address);
    }

    public Optional<AccountRecord> byId(String id) {
        return accounts.findById(id);
    }

    public Optional<AccountRecord> byLogin(String login) {
        return accounts.findByLogin(login);
    }

    public List<AccountRecord> list() {
        return accounts.list();
    }

    public void setPassword(AccountRecord account, char[] password) {
        checkPassword(password == null ? null : new String(password));
        accounts.setPassword(account.id(), Passwords.hash(password));
        int ended = signIns.deleteAllOf(account.id(), null);
        audit.record(Who.cli(account.id()), null, "password.set", ended + " sessions ended");
    }

    public void setRole(AccountRecord account, String role, String byAccountId) {
        accounts.setRole(account.id(), role);
        audit.record(Who.session(byAccountId), null, "account.role", account.name() + " is now " + role);
        if (!byAccountId.equals(account.id())) audit.record(Who.session(account.id()), null, "account.role", role);
    }

    public void setDisabled(AccountRecord account, boolean disabled, String byAccountId) {
        accounts.setDisabled(account.id(), disabled);
        if (disabled) signIns.deleteAllOf(account.id(), null);
        var action = disabled ? "account.disabled" : "account.enabled";
        audit.record(Who.session(byAccountId), null, action, account.name());
        if (!byAccountId.equals(account.id())) audit.record(Who.session(account.id()), null, action, null);
    }

    // --- signing in ---------------------------------------------------------------------------------

    /**
     * Checks a login and password. Failures count per address and per login (whether or not it exists);
     * after {@value #LOCK_AFTER_FAILURES} in a row the login is locked for 15 minutes.
     */
    public SignIn login(String login, String password, String kind, String userAgent, String address) {
        if (login == null || password == null || login.isBlank() || password.isEmpty()) {
            throw new ApiException(400, "Email and password are required");
        }
        if (addressFailures.exhausted(address)) {
            throw new ApiException(429, "Too many authentication attempts from this IP, please try again after 15 minutes");
        }
        var key = login.trim().toLowerCase(Locale.ROOT);
        long now = clock.millis();
        var failures = loginFailures.get(key);
        if (failures != null && failures.lockedUntil > now) {
            throw new ApiException(429, "Too many failed sign-ins for this account; try again in 15 minutes");
        }
        var pw = password.toCharArray();
        try {
            var account = accounts.findByLogin(login.trim());
            boolean ok = account.isPresent() ? Passwords.verify(pw, account.get().passwordHash()) : burn(pw);
            if (!ok || account.get().disabled()) {
                fail(key, address, now);
                account.ifPresent(a -> audit.record(Who.session(a.id()), null, "sign-in.failed", address));
                throw new ApiException(401, "Invalid credentials");
            }
            loginFailures.remove(key);
            return startSession(account.get(), kind, userAgent, address);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static boolean burn(char[] pw) {
        Passwords.burn(pw);
        return false;
    }

    private void fail(String key, String address, long now) {
        addressFailures.acquire(address);
        loginFailures.compute(key, (k, old) -> {
            var f = old == null || now - old.firstAt > LOCK_FOR.toMillis() ? new Failures(0, now, 0) : old;
            int count = f.count + 1;
            return new Failures(count, f.firstAt, count >= LOCK_AFTER_FAILURES ? now + LOCK_FOR.toMillis() : 0);
        });
    }

    private SignIn startSession(AccountRecord account, String kind, String userAgent, String address) {
        var token = Secrets.randomHex(32);
        long now = clock.millis();
        var ttl = kind.equals("web") ? WEB_SESSION_TTL : API_SESSION_TTL;
        var session = new SignInRecord("ses_" + Secrets.randomHex(8), account.id(), Secrets.sha256(token), kind,
                userAgent == null ? null : userAgent.substring(0, Math.min(200, userAgent.length())), address, now,
                now + ttl.toMillis(), now);
        signIns.insert(session);
        audit.record(Who.session(account.id()), null, "session.started", kind + " from " + address);
        return new SignIn(account, session, token);
    }

    /** The live session of a presented token, with its account; empty for an unknown, expired or disabled one. */
    public Optional<Current> current(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        long now = clock.millis();
        var session = signIns.findLive(Secrets.sha256(token.trim()), now);
        if (session.isEmpty()) return Optional.empty();
        var account = accounts.findById(session.get().accountId());
        if (account.isEmpty() || account.get().disabled()) return Optional.empty();
        if (now - session.get().lastUsedAt() > 60_000) signIns.touch(session.get().id(), now);
        return Optional.of(new Current(account.get(), session.get()));
    }

    /** Forgets expired sessions and the failure counts of logins whose lock has passed. */
    public void prune() {
        long now = clock.millis();
        signIns.deleteExpired(now);
        loginFailures.values().removeIf(f -> f.lockedUntil < now && now - f.firstAt > LOCK_FOR.toMillis());
        addressFailures.sweep();
    }

    public void logout(Current current) {
        signIns.delete(current.session().id());
        audit.record(Who.session(current.account().id()), null, "session.ended", current.session().kind());
    }

    /** Ends every session of the account but the given one (null: all). */
    public int signOutEverywhere(String accountId, String keepSessionId) {
        int ended = signIns.deleteAllOf(accountId, keepSessionId);
        audit.record(Who.session(accountId), null, "session.ended", ended + " sessions signed out");
        return ended;
    }

    public List<SignInRecord> sessions(String accountId) {
        return signIns.listLive(accountId, clock.millis());
    }

    public void changePassword(Current current, String currentPassword, String newPassword) {
        if (currentPassword == null || newPassword == null) {
            throw new ApiException(400, "Current password and new password are required");
        }
        if (!Passwords.verify(currentPassword.toCharArray(), current.account().passwordHash())) {
            throw new ApiException(401, "Current password is incorrect");
        }
        checkPassword(newPassword);
        accounts.setPassword(current.account().id(), Passwords.hash(newPassword.toCharArray()));
        int ended = signIns.deleteAllOf(current.account().id(), current.session().id());
        audit.record(Who.session(current.account().id()), null, "password.changed", ended + " other sessions ended");
    }

    // --- password reset -----------------------------------------------------------------------------

    /** A one-hour, single-use reset token for the account (handed to its owner by an admin). */
    public String resetToken(AccountRecord account, String byAccountId) {
        var token = Secrets.randomHex(32);
        long now = clock.millis();
        resets.insert(Secrets.sha256(token), account.id(), now + RESET_TTL.toMillis(), now);
        audit.record(Who.session(account.id()), null, "password.reset-link", byAccountId == null ? "by the CLI" : null);
        return token;
    }

    public boolean resetTokenValid(String token) {
        return token != null && !token.isBlank()
                && resets.accountOf(Secrets.sha256(token.trim()), clock.millis()).isPresent();
    }

    public void resetPassword(String token, String password) {
        if (token == null || token.isBlank() || password == null) throw new ApiException(400, "Token and password are required");
        checkPassword(password);
        var hash = Secrets.sha256(token.trim());
        long now = clock.millis();
        var accountId = resets.accountOf(hash, now).orElseThrow(() -> new ApiException(400, "Invalid or expired reset token"));
        if (!resets.use(hash, now)) throw new ApiException(400, "Invalid or expired reset token");
        accounts.setPassword(accountId, Passwords.hash(password.toCharArray()));
        signIns.deleteAllOf(accountId, null);
        audit.record(Who.session(accountId), null, "password.reset", null);
    }

    // --- deleting -----------------------------------------------------------------------------------

    /**
     * Deletes the signed-in account after checking its email (or name) and password: its worlds are
     * disconnected, then the account goes with its keys, tokens, worlds, sessions and activity.
     */
    public void delete(Current current, String confirmEmail, String password) {
        var account = current.account();
        if (confirmEmail == null || confirmEmail.isBlank()) {
            throw new ApiException(400, org.foundryrelay.json.Json.error("Email confirmation required")
                    .put("message", "Send confirmEmail with the account's email"));
        }
        if (password == null || password.isEmpty()) {
            throw new ApiException(400, org.foundryrelay.json.Json.error("Password required")
                    .put("message", "Send password with the account's password"));
        }
        var confirmed = confirmEmail.trim();
        if (!(confirmed.equalsIgnoreCase(String.valueOf(account.email())) || confirmed.equals(account.name()))) {
            throw new ApiException(400, "Email confirmation does not match");
        }
        if (!Passwords.verify(password.toCharArray(), account.passwordHash())) throw new ApiException(401, "Invalid password");
        deleteAccount(account);
    }

    /** Deletes an account and everything it owns, closing its worlds' sockets first. */
    public void deleteAccount(AccountRecord account) {
        for (var token : tokens.list(account.id())) {
            tokens.revoke(token.id());
            disconnector.disconnectToken(token.id(), 4002, "Account deleted");
        }
        audit.forgetAccount(account.id());
        accounts.delete(account.id());
        LOG.info("account {} deleted", account.id());
    }

    // --- checks and names -----------------------------------------------------------------------------

    private static void checkPassword(String password) {
        Passwords.policyProblem(password).ifPresent(p -> {
            throw new ApiException(400, p);
        });
    }

    private static String normalizeEmail(String email) {
        var e = email.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(e).matches() || e.length() > 254) throw new ApiException(400, "Invalid email address.");
        return e;
    }

    // Accounts made from an email get a name from its local part, made unique.
    private String uniqueName(String email) {
        var local = email.trim().split("@")[0].replaceAll("[^A-Za-z0-9._-]", "");
        if (local.isEmpty() || !Character.isLetterOrDigit(local.charAt(0))) local = "user" + local;
        if (local.length() > 56) local = local.substring(0, 56);
        var name = local;
        for (int i = 2; accounts.findByName(name).isPresent(); i++) name = local + "-" + i;
        return name;
    }
}
