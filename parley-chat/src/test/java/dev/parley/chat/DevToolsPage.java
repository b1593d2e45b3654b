package dev.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One page of Debian's headless Chromium driven over the Chrome DevTools Protocol directly, for what Playwright
 * cannot show: a hidden page. Playwright enables focus emulation on every page it drives, and so each of its pages
 * stays "visible" whatever happens to its window (microsoft/playwright#2286); a page of a Chromium that nobody
 * emulates anything for becomes hidden, with a {@code visibilitychange} event, when its window is minimized
 * ({@code Browser.setWindowBounds}), as when a user minimizes the browser. The browser runs with its own profile
 * in a temporary directory and is killed on {@link #close}.
 */
final class DevToolsPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 15;

    private final Process chromium;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String session;

    private DevToolsPage(Process chromium, Path profile, String endpoint) throws Exception {
        this.chromium = chromium;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(endpoint), new Listener())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Starts Chromium, grants {@code permissions} to the page's origin, runs {@code initScript} before the page's
     * own scripts on every load, and opens {@code url}.
     */
    static DevToolsPage open(String url, List<String> permissions, String initScript) throws Exception {
        Path profile = Files.createTempDirectory("parley-devtools-page");
        String executable = System.getenv().getOrDefault("PARLEY_CHROMIUM", "/usr/bin/chromium");
        Process process = new ProcessBuilder(executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank").start();
        DevToolsPage page;
        try {
            page = new DevToolsPage(process, profile, endpoint(process));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        ObjectNode grant = JSON.createObjectNode().put("origin", origin(url));
        permissions.forEach(grant.putArray("permissions")::add);
        page.send("Browser.grantPermissions", grant, false);
        String target = page.send("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"), false)
                .path("targetId").asText();
        page.session = page.send("Target.attachToTarget", JSON.createObjectNode().put("targetId", target)
                .put("flatten", true), false).path("sessionId").asText();
        page.send("Page.enable", JSON.createObjectNode(), true);
        page.send("Page.addScriptToEvaluateOnNewDocument", JSON.createObjectNode().put("source", initScript), true);
        page.send("Page.navigate", JSON.createObjectNode().put("url", url), true);
        return page;
    }

    /** The browser's DevTools WebSocket, from the line Chromium prints when it listens. */
    private static String endpoint(Process process) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = err.readLine()) != null;) {
            if (line.startsWith("DevTools listening on ")) {
                // The rest of its output is drained so that Chromium never blocks on a full pipe.
                Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return line.substring("DevTools listening on ".length()).strip();
            }
        }
        throw new IOException("Chromium exited without a DevTools endpoint");
    }

    /** Sets a permission of the page's origin ({@code granted}, {@code denied} or {@code prompt}), as a user would. */
    void setPermission(String url, String name, String setting) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("origin", origin(url)).put("setting", setting);
        params.putObject("permission").put("name", name);
        send("Browser.setPermission", params, false);
    }

    private static String origin(String url) {
        return URI.create(url).resolve("/").toString().replaceAll("/$", "");
    }

    /** Sends a command to the browser or to the page's session and returns its result. */
    JsonNode send(String method, ObjectNode params, boolean toPage) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        if (toPage) {
            command.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        synchronized (socket) {
            socket.sendText(JSON.writeValueAsString(command), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        JsonNode reply = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** The value of a JavaScript expression in the page (a promise is awaited), as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true).put("userGesture", false), true);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Waits in the page until {@code condition} (an expression) is true, checking on every DOM change and every 100
     * ms (a hidden page's timers run once a second at least), for 15 s at most; then fails with what it waited for.
     */
    void waitFor(String condition) throws Exception {
        String script = "new Promise((done) => { const check = () => { try { return Boolean(" + condition + "); }"
                + " catch { return false; } };"
                + " if (check()) { done(true); return; }"
                + " const stop = setTimeout(() => { observer.disconnect(); clearInterval(poll); done(false); }, 15000);"
                + " const finish = () => { if (check()) { clearTimeout(stop); observer.disconnect(); clearInterval(poll); done(true); } };"
                + " const observer = new MutationObserver(finish);"
                + " observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });"
                + " const poll = setInterval(finish, 100); })";
        if (!evaluate(script).asBoolean()) {
            throw new AssertionError("waited 15 s for: " + condition);
        }
    }

    /** A trusted click (as a user's: mouse events from the browser) in the middle of the element {@code selector}. */
    void click(String selector) throws Exception {
        JsonNode box = evaluate("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type).put("x", box.get("x").asDouble())
                    .put("y", box.get("y").asDouble()).put("button", "left").put("clickCount", 1), true);
        }
    }

    /** Reloads the page and waits until {@code ready} (an expression) holds in the new document. */
    void reload(String ready) throws Exception {
        evaluate("window.__beforeReload = true");
        send("Page.reload", JSON.createObjectNode(), true);
        for (int attempt = 0;; attempt++) {
            try {
                waitFor("!window.__beforeReload && (" + ready + ")");
                return;
            } catch (IllegalStateException e) {
                // Asked while the old document went away ("context destroyed"): ask the new one.
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /** Minimizes the page's window (Chromium hides the page) or restores it (visible again), and waits for it. */
    void minimize(boolean minimized) throws Exception {
        int window = send("Browser.getWindowForTarget", JSON.createObjectNode(), true).path("windowId").asInt();
        ObjectNode params = JSON.createObjectNode().put("windowId", window);
        params.putObject("bounds").put("windowState", minimized ? "minimized" : "normal");
        send("Browser.setWindowBounds", params, false);
        waitFor("document.visibilityState === '" + (minimized ? "hidden" : "visible") + "'");
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        chromium.destroyForcibly().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }

    /** Collects each WebSocket message (the protocol's replies are whole JSON texts) and completes its command. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    CompletableFuture<JsonNode> answer = message.has("id") ? answers.remove(message.get("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
