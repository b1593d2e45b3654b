package dev.parley.app;

import dev.parley.adminui.AdminUi;
import dev.parley.adminui.AdminUiAuth;
import dev.parley.adminui.AdminUiConfig;
import dev.parley.socketio.SocketIoServer;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of the official Socket.IO admin UI's server side ({@code parley-admin-ui}), mixed into
 * {@code parley serve}. Off by default. The password is given only as its bcrypt hash, never in plain text.
 */
final class AdminUiOptions {
    @Option(names = "--admin-ui", defaultValue = "${env:PARLEY_ADMIN_UI:-false}",
            description = "Serve the official Socket.IO admin UI's namespace /admin on the Socket.IO application "
                    + "(env PARLEY_ADMIN_UI). Default: ${DEFAULT-VALUE}")
    boolean enabled;

    @Option(names = "--admin-ui-user", defaultValue = "${env:PARLEY_ADMIN_UI_USER}",
            description = "Admin UI user name; needs --admin-ui-password-hash (env PARLEY_ADMIN_UI_USER). "
                    + "Without it the admin UI has no authentication. Default: none")
    String user;

    @Option(names = "--admin-ui-password-hash", defaultValue = "${env:PARLEY_ADMIN_UI_PASSWORD_HASH}",
            description = "bcrypt hash of the admin UI password, e.g. from `htpasswd -bnBC 12 \"\" PASSWORD | tr -d ':'` "
                    + "(env PARLEY_ADMIN_UI_PASSWORD_HASH). Default: none")
    String passwordHash;

    @Option(names = "--admin-ui-readonly", defaultValue = "${env:PARLEY_ADMIN_UI_READONLY:-false}",
            description = "The admin UI may watch but not join, leave, disconnect or emit (env PARLEY_ADMIN_UI_READONLY). "
                    + "Default: ${DEFAULT-VALUE}")
    boolean readonly;

    @Option(names = "--admin-ui-mode", defaultValue = "${env:PARLEY_ADMIN_UI_MODE:-development}",
            description = "development: the admin UI is sent every socket, room and event; production: only server "
                    + "stats and counts (env PARLEY_ADMIN_UI_MODE). Default: ${DEFAULT-VALUE}")
    Mode mode;

    /** {@code --admin-ui-mode}'s values, as the Node package names them. */
    enum Mode { development, production }

    /** Whether the engine must send {@code Access-Control-Allow-Credentials}: the UI connects with credentials. */
    boolean corsCredentials() {
        return enabled;
    }

    /** Refuses options that cannot apply: a user without a hash (or the reverse), a bad hash, no Socket.IO. */
    void check(CommandLine line, boolean socketIoApplication) {
        if (!enabled) {
            if (user != null || passwordHash != null || readonly) {
                throw new ParameterException(line, "--admin-ui-user, --admin-ui-password-hash and --admin-ui-readonly "
                        + "need --admin-ui");
            }
            return;
        }
        if (!socketIoApplication) {
            throw new ParameterException(line, "--admin-ui is for the Socket.IO applications (chat, echo)");
        }
        if ((user == null) != (passwordHash == null)) {
            throw new ParameterException(line, user == null
                    ? "--admin-ui-password-hash needs --admin-ui-user"
                    : "--admin-ui-user needs --admin-ui-password-hash (the bcrypt hash of the password)");
        }
        try {
            config();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(line, "--admin-ui: " + e.getMessage());
        }
    }

    AdminUiConfig config() {
        AdminUiAuth auth = user == null ? AdminUiAuth.none() : AdminUiAuth.basic(user, passwordHash);
        return AdminUiConfig.builder(auth)
                .readonly(readonly)
                .mode(mode == Mode.production ? AdminUiConfig.Mode.PRODUCTION : AdminUiConfig.Mode.DEVELOPMENT)
                .build();
    }

    /** Instruments the application's Socket.IO server, or returns null when {@code --admin-ui} is off. */
    AdminUi instrument(SocketIoServer io, PrintWriter err) {
        if (!enabled) {
            return null;
        }
        if (user == null) {
            err.println("WARNING: --admin-ui without --admin-ui-user/--admin-ui-password-hash: anyone who can reach "
                    + "this server can open the admin UI" + (readonly ? "" : " and disconnect every client") + ".");
            err.flush();
        }
        return AdminUi.instrument(io, config());
    }
}
