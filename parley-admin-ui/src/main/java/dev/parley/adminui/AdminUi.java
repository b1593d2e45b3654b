package dev.parley.adminui;

import dev.parley.adminui.internal.AuthMiddleware;
import dev.parley.adminui.internal.Commands;
import dev.parley.adminui.internal.EventBuffer;
import dev.parley.adminui.internal.Feature;
import dev.parley.adminui.internal.PasswordCheck;
import dev.parley.adminui.internal.SessionStore;
import dev.parley.adminui.internal.SocketObserver;
import dev.parley.adminui.internal.SocketView;
import dev.parley.adminui.internal.StatsReporter;
import dev.parley.socketio.Namespace;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.SocketIoServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the official Socket.IO admin UI ({@code @socket.io/admin-ui} 0.5): the UI, hosted
 * anywhere (admin.socket.io, or the package's {@code ui/dist} on any static server), connects to the admin
 * namespace ({@code /admin}) of a {@link SocketIoServer} and shows its servers, namespaces, sockets, rooms
 * and events, and joins, leaves and disconnects sockets, as it does with a Node server instrumented by the
 * package's {@code instrument(io, options)}.
 *
 * <pre>{@code
 * AdminUi admin = AdminUi.instrument(io, AdminUiConfig.builder(
 *         AdminUiAuth.basic("admin", "$2b$12$...")).readonly(true).build());
 * ...
 * admin.close();
 * }</pre>
 *
 * <p>Call it once per server, before or after the application's own handlers. With a cluster adapter,
 * instrument every server: the admin namespace's adapter carries each server's stats and events to every
 * UI, and the commands and the socket list ({@code fetchSockets}) reach every server. The UI's origin must
 * be allowed by the server's CORS settings (it connects with credentials).
 *
 * <p>Threads: one daemon thread sends {@code server_stats} every {@link AdminUiConfig#statsInterval()}; with
 * basic authentication one more checks passwords (bcrypt). Everything else runs in Socket.IO's handlers.
 */
public final class AdminUi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminUi.class);

    private final ScheduledExecutorService timer;
    private final PasswordCheck passwords;
    private final SocketObserver observer;

    private AdminUi(ScheduledExecutorService timer, PasswordCheck passwords, SocketObserver observer) {
        this.timer = timer;
        this.passwords = passwords;
        this.observer = observer;
    }

    /** Mounts the admin namespace on {@code io} and starts sending server stats. */
    public static AdminUi instrument(SocketIoServer io, AdminUiConfig config) {
        Clock clock = Clock.systemUTC();
        Namespace admin = io.of(config.namespaceName());
        PasswordCheck passwords = config.auth() instanceof AdminUiAuth.Basic basic
                ? new PasswordCheck(basic.username(), basic.bcryptHash(), config.maxPendingLogins()) : null;
        AuthMiddleware login = null;
        if (passwords != null) {
            login = new AuthMiddleware(passwords, new SessionStore(clock, config.sessionTtl(), config.maxSessions()));
            admin.use(login);
        } else {
            LOG.warn("The admin UI namespace {} has NO authentication: anyone who can reach this server may {} "
                    + "its sockets", config.namespaceName(), config.readonly() ? "watch" : "watch and disconnect");
        }
        boolean development = config.mode() == AdminUiConfig.Mode.DEVELOPMENT;
        // Before the admin handler below: an admin socket has its client id when all_sockets lists it.
        SocketObserver observer = null;
        if (development) {
            observer = new SocketObserver(admin, clock);
            // Listener first, then the list: a namespace created in between is seen twice, never missed.
            io.onNewNamespace(observer::observe);
            io.namespaces().forEach(observer::observe);
        }
        onAdminConnection(io, admin, login, features(config), development);
        // Counted only from here: an engine without an admin UI pays nothing per message.
        io.engine().countTraffic();
        EventBuffer events = new EventBuffer(clock);
        io.onConnectionOpen(connection -> events.add("rawConnection", null, 1));
        io.onConnectionClose((connection, reason) -> events.add("rawDisconnection", reason.wireName(), 1));
        String hostname = hostname();
        StatsReporter stats = new StatsReporter(io, events,
                config.serverId() != null ? config.serverId() : hostname, hostname);
        ScheduledExecutorService timer = startStats(admin, stats, observer, config);
        LOG.info("Admin UI server side on namespace {} ({} mode{}, {} authentication)", config.namespaceName(),
                development ? "development" : "production", config.readonly() ? ", read-only" : "",
                passwords == null ? "no" : "basic");
        return new AdminUi(timer, passwords, observer);
    }

    /** What an admin socket gets once in: its new session id, the commands, the features, every socket. */
    private static void onAdminConnection(SocketIoServer io, Namespace admin, AuthMiddleware login,
            Set<Feature> features, boolean development) {
        Commands commands = new Commands(io, features);
        List<String> featureNames = features.stream().map(Enum::name).toList();
        admin.onConnection(socket -> {
            String session = login == null ? null : login.takeNewSession(socket);
            if (session != null) {
                socket.emit("session", session);
            }
            commands.register(socket);
            socket.emit("config", Map.of("supportedFeatures", featureNames));
            if (development) {
                allSockets(io).thenAccept(all -> socket.emit("all_sockets", all));
            }
        });
    }

    /** Sends server_stats now and every interval (after noticing upgrades, in development mode). */
    private static ScheduledExecutorService startStats(Namespace admin, StatsReporter stats, SocketObserver observer,
            AdminUiConfig config) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-admin-ui-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                if (observer != null) {
                    observer.checkTransports();
                }
                admin.emit("server_stats", stats.stats());
            } catch (RuntimeException e) {
                LOG.warn("Admin UI server stats not sent", e);
            }
        }, 0, config.statsInterval().toMillis(), TimeUnit.MILLISECONDS);
        return timer;
    }

    /** Read-only: no command; the counts always; every event only in development mode (as the Node server). */
    static Set<Feature> features(AdminUiConfig config) {
        Set<Feature> features = EnumSet.of(Feature.AGGREGATED_EVENTS);
        if (!config.readonly()) {
            features.addAll(EnumSet.of(Feature.EMIT, Feature.JOIN, Feature.LEAVE, Feature.DISCONNECT,
                    Feature.MJOIN, Feature.MLEAVE, Feature.MDISCONNECT));
        }
        if (config.mode() == AdminUiConfig.Mode.DEVELOPMENT) {
            features.add(Feature.ALL_EVENTS);
        }
        return features;
    }

    /** Every socket of every namespace, on every server of the cluster. */
    private static CompletableFuture<List<Map<String, Object>>> allSockets(SocketIoServer io) {
        List<CompletableFuture<List<Map<String, Object>>>> parts = new ArrayList<>();
        for (Namespace namespace : io.namespaces()) {
            parts.add(namespace.fetchSockets().toCompletableFuture().thenApply(sockets -> {
                List<Map<String, Object>> views = new ArrayList<>();
                for (RemoteSocket socket : sockets) {
                    views.add(SocketView.of(socket, namespace.name()));
                }
                return views;
            }).exceptionally(e -> {
                LOG.warn("Admin UI: sockets of {} not fetched", namespace.name(), e);
                return List.of();
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Map<String, Object>> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.join()));
            return all;
        });
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }

    /** Stops the stats and the password checks; the admin namespace stays, its UIs stop getting updates. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (passwords != null) {
            passwords.close();
        }
        if (observer != null) {
            observer.close();
        }
    }

}
