package dev.parley.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shipped nginx configuration, {@code docs/deploy/parley.conf}, as the tests run it: the same text with
 * only its addresses and paths replaced (the listening ports, the two Parley nodes, the certificate files).
 * Each documented value must occur in the file, so a change to the docs that the tests would not follow fails
 * here, not silently.
 */
final class NginxConfigTemplate {
    static final String DOCS_FILE = "docs/deploy/parley.conf";

    /** The values the docs use, each replaced by the test's own. */
    static final String HTTPS_LISTEN = "listen 443 ssl;";
    static final String HTTP_LISTEN = "listen 80;";
    static final String NODE_A = "127.0.0.1:3001";
    static final String NODE_B = "127.0.0.1:3002";
    static final String CERTIFICATE = "/etc/letsencrypt/live/chat.example.com/fullchain.pem";
    static final String CERTIFICATE_KEY = "/etc/letsencrypt/live/chat.example.com/privkey.pem";

    /** Where the test's nginx listens and finds the nodes and its certificate. */
    record Target(int httpsPort, int httpPort, int nodeAPort, int nodeBPort, Path certificate, Path key) {
    }

    private NginxConfigTemplate() {
    }

    /** The shipped file's text. */
    static String docs() throws IOException {
        return Files.readString(docsFile(), StandardCharsets.UTF_8);
    }

    /** The shipped configuration with {@code target}'s ports and files: loopback only. */
    static String render(String docs, Target target) {
        String config = docs;
        for (Map.Entry<String, String> value : substitutions(target).entrySet()) {
            if (!config.contains(value.getKey())) {
                throw new IllegalStateException(DOCS_FILE + " no longer contains '" + value.getKey()
                        + "': update NginxConfigTemplate with the docs");
            }
            config = config.replace(value.getKey(), value.getValue());
        }
        return config;
    }

    /** Documented value to the test's value, in the order they are replaced. */
    static Map<String, String> substitutions(Target target) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(HTTPS_LISTEN, "listen 127.0.0.1:" + target.httpsPort() + " ssl;");
        values.put(HTTP_LISTEN, "listen 127.0.0.1:" + target.httpPort() + ";");
        values.put(NODE_A, "127.0.0.1:" + target.nodeAPort());
        values.put(NODE_B, "127.0.0.1:" + target.nodeBPort());
        values.put(CERTIFICATE, target.certificate().toString());
        values.put(CERTIFICATE_KEY, target.key().toString());
        return values;
    }

    /** The docs file, found from the module the test runs in (Maven sets the working directory). */
    static Path docsFile() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(DOCS_FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(DOCS_FILE + " not found above " + Paths.get("").toAbsolutePath());
    }
}
