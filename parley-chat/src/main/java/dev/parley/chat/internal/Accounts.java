package dev.parley.chat.internal;

import dev.parley.chat.cluster.AttemptLimit;
import dev.parley.chat.AccountConfig;
import dev.parley.chat.store.ChatStore;
import dev.parley.socketio.ConnectError;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.Middleware;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nicknames secured by a password (docs/chat.md, "Accounts"): claiming one with a password, signing in with it on
 * another device (a new session token each), setting or changing it while signed in, and "sign out everywhere"
 * (every token of the user revoked, every live connection of the user closed with {@code session:revoked}).
 *
 * <p>Passwords are hashed by a {@link PasswordHasher} on its own bounded threads: a handshake or an event that
 * needs a hash completes later, from a hasher thread (a Socket.IO middleware and an ack may complete from any
 * thread), and never holds a network event loop or a handler thread while it hashes. Failed password checks count
 * per client address (the chat's shared {@link AttemptLimit}) and per nickname (its skeleton, so look-alikes share
 * it); a wrong password, a nickname nobody claimed and a guest's nickname get the same reply after the same work.
 */
public final class Accounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    static final String SESSION = "sessionSelector";
    private static final String SIGN_IN_FAILED = "Wrong nickname or password";

    private final SocketIoServer io;
    private final ChatStore store;
    private final AccountConfig config;
    private final SessionTokens tokens;
    private final GuessThrottle guesses;
    private final PasswordRules rules;
    private final PasswordHasher hasher;
    private final UnaryOperator<String> resolve;

    /** What admits a socket once its user is known: the nickname and the token issued to this connection. */
    @FunctionalInterface
    public interface Admit {
        void admit(String nickname, String issuedToken);
    }

    /**
     * @param resolve the claimed nickname someone means by a name (NFKC, case folded), or null if nobody has it
     * @param signIns failed sign-ins per nickname's skeleton ({@link AccountConfig#signInFailureLimit()})
     */
    public Accounts(SocketIoServer io, ChatStore store, AccountConfig config, SessionTokens tokens, AttemptLimit signIns,
            UnaryOperator<String> resolve) {
        this.io = io;
        this.store = store;
        this.config = config;
        this.tokens = tokens;
        this.guesses = new GuessThrottle(tokens.throttle(), signIns);
        this.rules = new PasswordRules(config);
        this.hasher = new PasswordHasher(config.hashCost(), config.hashThreads(), config.maxPendingHashes());
        this.resolve = resolve;
    }

    // ---- the handshake ----

    /**
     * {@code {nickname, password, mode: "signin"}}: signs in to a secured nickname and admits the socket with a new
     * token, or refuses it. Returns false (doing nothing) for any other auth payload.
     */
    public boolean signIn(Map<String, Object> auth, InetSocketAddress client, Middleware.Next next, Admit admit) {
        if (!"signin".equals(auth.get("mode"))) {
            return false;
        }
        String password = PasswordRules.normalize(auth.get("password"));
        if (password == null || password.isEmpty()) {
            next.fail(refusal("password_required", "Enter the nickname's password"));
            return true;
        }
        if (rules.tooLongToCheck(password)) {
            next.fail(refusal("password_invalid", rules.tooLong()));
            return true;
        }
        String named = Nicknames.normalize(auth.get("nickname") instanceof String s ? s : null);
        if (named == null || Nicknames.problem(named) != null) {
            // The rules are public: an invalid name cannot be anybody's, and saying so tells nothing.
            next.fail(refusal("sign_in_failed", SIGN_IN_FAILED));
            return true;
        }
        String key = Nicknames.skeleton(named);
        if (!guesses.tryCount(client, key)) {
            next.fail(refusal("rate_limited", "Too many failed attempts: try again later"));
            return true;
        }
        // The same queries and one hash whether the name is claimed, a guest's, or nobody's.
        String claimed;
        String stored;
        try {
            claimed = resolve.apply(named);
            stored = store.passwordHash(claimed != null ? claimed : named).orElse(null);
        } catch (RuntimeException e) {
            guesses.giveBack(client, key); // the store failed: no password was checked
            throw e;
        }
        hasher.verify(password, stored).whenComplete((matches, error) -> guarded(next, () -> {
            if (error != null) {
                guesses.giveBack(client, key);
                next.fail(failure(error));
            } else if (matches && claimed != null) {
                guesses.giveBack(client, key);
                admit.admit(claimed, tokens.signIn(claimed));
                upgrade(claimed, password, stored);
            } else {
                next.fail(refusal("sign_in_failed", SIGN_IN_FAILED));
            }
        }));
        return true;
    }

    /**
     * A hash made with another cost than today's (an older default) is replaced after a sign-in, when the password
     * is at hand: best effort, later, on the hasher's threads.
     */
    private void upgrade(String nickname, String password, String stored) {
        if (hasher.outdated(stored)) {
            hasher.hash(password).thenAccept(hash -> store.setPasswordHash(nickname, hash)).exceptionally(e -> {
                LOG.debug("Password hash of {} not upgraded: {}", nickname, e.toString());
                return null;
            });
        }
    }

    /**
     * Why a registration ({@code {nickname}} or {@code {nickname, password}}) cannot go on, before it counts
     * against the address: a guest where passwords are required, or a password out of bounds; null if it may.
     */
    public ConnectError registrationRefusal(Map<String, Object> auth) {
        String password = PasswordRules.normalize(auth.get("password"));
        if (password == null || password.isEmpty()) {
            return config.mode() == AccountConfig.Mode.REQUIRED
                    ? refusal("password_required", "This server needs a password with every new nickname") : null;
        }
        String problem = rules.problem(password);
        return problem == null ? null : refusal("password_invalid", problem);
    }

    /**
     * A registration with a password: hashes it (later, on the hasher's threads) and hands the hash to
     * {@code register}. Returns false (doing nothing) if the payload has no password: a guest.
     */
    public boolean registerSecured(Map<String, Object> auth, Middleware.Next next, Consumer<String> register) {
        String password = PasswordRules.normalize(auth.get("password"));
        if (password == null || password.isEmpty()) {
            return false;
        }
        hasher.hash(password).whenComplete((hash, error) -> guarded(next, () -> {
            if (error != null) {
                next.fail(failure(error));
            } else {
                register.accept(hash);
            }
        }));
        return true;
    }

    /**
     * On connect: false if the socket came back through connection state recovery (which skips the handshake's
     * checks) on a session that was revoked meanwhile; it is then told so and disconnected.
     */
    public boolean admitted(SocketIoSocket socket) {
        if (!socket.recovered() || tokens.live((String) socket.data().get(SESSION))) {
            return true;
        }
        socket.emit("session:revoked", revokedNotice());
        socket.disconnect(false);
        return false;
    }

    /** What {@code session} says of the user's account: {@code {secured, mode}}. */
    public Map<String, Object> describe(String nickname) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("secured", store.passwordHash(nickname).isPresent());
        account.put("mode", config.mode().name().toLowerCase(java.util.Locale.ROOT));
        account.put("minPasswordLength", config.minPasswordLength());
        account.put("maxPasswordLength", config.maxPasswordLength());
        return account;
    }

    // ---- events of a signed-in user ----

    /** Listens to {@code account:password} and {@code account:signout-all} on the user's socket. */
    public void listen(SocketIoSocket socket, String me) {
        socket.on("account:password", args -> setPassword(socket, me, args));
        socket.on("account:signout-all", args -> signOutEverywhere(me, args));
    }

    /**
     * {@code account:password {password, current?}}: secures a guest's nickname, or changes the password (then
     * {@code current} must be the present one, checked and throttled like a sign-in).
     */
    private void setPassword(SocketIoSocket socket, String me, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        String password = PasswordRules.normalize(p.string("password"));
        String problem = password == null ? "Enter a password" : rules.problem(password);
        if (problem != null) {
            args.ack(ChatEvents.error("password_invalid", problem));
            return;
        }
        String stored = store.passwordHash(me).orElse(null);
        if (stored == null) {
            hasher.hash(password).whenComplete((hash, error) -> storePassword(me, hash, error, args));
            return;
        }
        String current = PasswordRules.normalize(p.string("current"));
        if (current == null || current.isEmpty() || rules.tooLongToCheck(current)) {
            args.ack(ChatEvents.error("password_wrong", "Enter your current password"));
            return;
        }
        InetSocketAddress client = socket.handshake().address();
        String key = Nicknames.skeleton(me);
        if (!guesses.tryCount(client, key)) {
            args.ack(ChatEvents.error("rate_limited", "Too many failed attempts: try again later"));
            return;
        }
        hasher.verify(current, stored).whenComplete((matches, error) -> {
            if (error != null || matches) {
                guesses.giveBack(client, key);
            }
            if (error != null) {
                args.ack(answer(failure(error)));
            } else if (!matches) {
                args.ack(ChatEvents.error("password_wrong", "That is not your current password"));
            } else {
                hasher.hash(password).whenComplete((hash, e) -> storePassword(me, hash, e, args));
            }
        });
    }

    private void storePassword(String me, String hash, Throwable error, EventArgs args) {
        if (error != null) {
            args.ack(answer(failure(error)));
            return;
        }
        try {
            store.setPasswordHash(me, hash);
        } catch (RuntimeException e) {
            args.ack(answer(failure(e)));
            return;
        }
        Map<String, Object> ok = ChatEvents.ok();
        ok.put("secured", true);
        args.ack(ok);
    }

    /**
     * {@code account:signout-all}: revokes every token of the user, then tells each of the user's connections why
     * and disconnects it (through the adapter: on every node). A guest is refused: without a password, nobody
     * could ever sign in to the nickname again.
     */
    private void signOutEverywhere(String me, EventArgs args) {
        if (store.passwordHash(me).isEmpty()) {
            args.ack(ChatEvents.error("password_required",
                    "Set a password first: without one you could not sign in to this nickname again"));
            return;
        }
        int revoked = tokens.revokeAll(me);
        Map<String, Object> ok = ChatEvents.ok();
        ok.put("revoked", revoked);
        args.ack(ok);
        io.in(ChatEvents.userRoom(me)).emit("session:revoked", revokedNotice());
        io.in(ChatEvents.userRoom(me)).disconnectSockets(false);
    }

    private static Map<String, Object> revokedNotice() {
        return Map.of("code", "signed_out", "message", "You signed out everywhere: sign in again with your password");
    }

    // ---- replies ----

    private static ConnectError refusal(String code, String message) {
        return new ConnectError(message, Map.of("code", code));
    }

    /** A hashing that could not run: the bound (busy), or a failure of the store or the hasher. */
    private static ConnectError failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof PasswordHasher.Busy) {
            return refusal("busy", "The server is busy: try again in a moment");
        }
        LOG.warn("Password check failed", cause);
        return refusal("server_error", "Something went wrong on the server: try again");
    }

    private static Map<String, Object> answer(ConnectError error) {
        return ChatEvents.error(String.valueOf(((Map<?, ?>) error.data()).get("code")), error.getMessage());
    }

    /** Runs a continuation on a hasher thread: whatever it throws (the store) refuses the socket, never hangs it. */
    private static void guarded(Middleware.Next next, Runnable continuation) {
        try {
            continuation.run();
        } catch (RuntimeException e) {
            next.fail(failure(e));
        }
    }


    @Override
    public void close() {
        hasher.close();
    }
}
