package dev.parley.adminui.internal;

import dev.parley.socketio.ConnectError;
import dev.parley.socketio.Middleware;
import dev.parley.socketio.SocketIoSocket;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin namespace's login: a session id handed out earlier ({@code auth.sessionId}), or the user name
 * and password of the UI's form ({@code auth.username}, {@code auth.password}), checked against the bcrypt
 * hash. A successful password login is given a new session id ({@code session} event), which the UI keeps
 * to reconnect. Refusals are a {@code connect_error} with the message the UI looks for,
 * {@value #INVALID_CREDENTIALS}.
 */
public final class AuthMiddleware implements Middleware {
    static final String INVALID_CREDENTIALS = "invalid credentials";
    static final String BUSY = "too many login attempts, try again later";
    private static final Logger LOG = LoggerFactory.getLogger(AuthMiddleware.class);

    private final PasswordCheck passwords;
    private final SessionStore sessions;
    /** Weak: a socket that a later middleware refuses never reaches the connection handler that takes it. */
    private final Map<SocketIoSocket, String> newSessions = Collections.synchronizedMap(new WeakHashMap<>());

    public AuthMiddleware(PasswordCheck passwords, SessionStore sessions) {
        this.passwords = passwords;
        this.sessions = sessions;
    }

    @Override
    public void handle(SocketIoSocket socket, Next next) {
        Map<String, Object> auth = socket.handshake().auth();
        if (sessions.isValid(auth.get("sessionId"))) {
            next.proceed();
            return;
        }
        passwords.check(auth.get("username"), auth.get("password")).whenComplete((outcome, error) -> {
            if (error == null && outcome == PasswordCheck.Outcome.ACCEPTED) {
                // Not emitted here: the socket is not connected yet. The connection handler sends it.
                newSessions.put(socket, sessions.create());
                next.proceed();
                return;
            }
            if (outcome == PasswordCheck.Outcome.BUSY) {
                LOG.warn("Admin UI login from {} refused: too many password checks queued", address(socket));
                next.fail(new ConnectError(BUSY));
                return;
            }
            LOG.warn("Admin UI login from {} refused: invalid credentials", address(socket));
            next.fail(new ConnectError(INVALID_CREDENTIALS));
        });
    }

    /**
     * The session id given to this socket by its password login, once; null if it came in with a session id
     * (or without authentication).
     */
    public String takeNewSession(SocketIoSocket socket) {
        return newSessions.remove(socket);
    }

    private static Object address(SocketIoSocket socket) {
        return socket.handshake().address();
    }
}
