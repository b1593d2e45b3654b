package dev.parley.testkit;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian Chromium driven by Playwright for Java. Playwright never downloads a browser here
 * ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}); the system executable is used, {@code /usr/bin/chromium}
 * unless {@code PARLEY_CHROMIUM} names another.
 */
public final class Chromium implements AutoCloseable {
    /** Without the background-networking flags Chromium keeps trying to reach Google's hosts. */
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static Chromium launch() {
        return launch(Map.of());
    }

    /**
     * Chromium that trusts this CA certificate (PEM) for TLS servers, as a user who imported it would: it is added
     * to an NSS database (Chromium's certificate store on Linux, with {@code certutil} from Debian's
     * {@code libnss3-tools}) in a throwaway home folder that the browser is started with.
     */
    public static Chromium launchTrusting(Path caPem) {
        try {
            Path home = Files.createTempDirectory("parley-chromium-home");
            Path nssdb = Files.createDirectories(home.resolve(".pki/nssdb"));
            certutil("-N", "-d", "sql:" + nssdb, "--empty-password");
            certutil("-A", "-d", "sql:" + nssdb, "-t", "C,,", "-n", "parley-test-ca", "-i", caPem.toString());
            Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("HOME", home.toString());
            return launch(env);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void certutil(String... args) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of("certutil"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("certutil not found: install Debian's libnss3-tools", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Chromium launch(Map<String, String> env) {
        Path executable = Paths.get(System.getenv().getOrDefault("PARLEY_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " not found: install Debian's chromium (apt-get install chromium)");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            BrowserType.LaunchOptions options = new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(ARGS);
            if (!env.isEmpty()) {
                options.setEnv(env);
            }
            Browser browser = playwright.chromium().launch(options);
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
