package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./parley} launcher script itself, on real JDKs: the JVM options it picks for each (compact object
 * headers on Java 25+), {@code PARLEY_JAVA_OPTS} over them, and a class data archive the JVM really maps with
 * them. The script runs from a copy of the project's layout in a temporary directory, with
 * {@link LauncherProbe} as {@code parley-app/target/parley.jar}, so it finds nothing to build.
 */
class LauncherIT {
    /** A JDK 25+ home: {@code PARLEY_TEST_JDK25}, else Temurin 25 where Debian installs it. */
    private static final Path JDK25 = Path.of(System.getenv().getOrDefault("PARLEY_TEST_JDK25",
            "/usr/lib/jvm/temurin-25-jdk-amd64"));
    /** The JDK running the tests (Java 17, the project's baseline: no compact headers). */
    private static final Path JDK17 = Path.of(System.getProperty("java.home"));

    @TempDir
    Path root;

    @BeforeEach
    void layOutAProject() throws IOException {
        Files.copy(Path.of("../parley"), root.resolve("parley"));
        root.resolve("parley").toFile().setExecutable(true);
        Path target = Files.createDirectories(root.resolve("parley-app/target"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(target.resolve("parley.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry(entry));
            try (var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(jar);
            }
            jar.closeEntry();
        }
    }

    @Test
    void java25GetsCompactHeadersAndAnArchiveMadeWithThem() throws Exception {
        assumeJava25();
        String probe = launch(JDK25, Map.of(), "serve", "--port", "0");
        assertThat(probe).contains("compactHeaders=true", "gc=G1", "archiveMapped=true", "args=serve,--port,0");
        assertThat(Files.readString(root.resolve("parley-app/target/parley-jvm.cache")))
                .contains(JDK25.toRealPath().resolve("bin/java").toString()).contains("-XX:+UseCompactObjectHeaders");
        // The second start reuses the cached probe and the archive (no new training start).
        assertThat(launch(JDK25, Map.of(), "serve")).contains("compactHeaders=true", "archiveMapped=true");
        assertThat(archives()).hasSize(1);
    }

    @Test
    void java17GetsNoExtraOptionAndStillItsArchive() throws Exception {
        String probe = launch(JDK17, Map.of(), "serve");
        assertThat(probe).contains("compactHeaders=absent", "archiveMapped=true");
    }

    @Test
    void parleyJavaOptsTurnsCompactHeadersOffWithAnArchiveOfItsOwn() throws Exception {
        assumeJava25();
        assertThat(launch(JDK25, Map.of(), "serve")).contains("compactHeaders=true", "archiveMapped=true");
        String off = launch(JDK25, Map.of("PARLEY_JAVA_OPTS", "-XX:-UseCompactObjectHeaders"), "serve");
        // With the first archive (made with compact headers) the JVM would refuse to map it.
        assertThat(off).contains("compactHeaders=false", "archiveMapped=true");
        assertThat(archives()).hasSize(2);
    }

    @Test
    void anotherCollectorInParleyJavaOptsKeepsTheArchive() throws Exception {
        assumeJava25();
        // ZGC has no compressed oops: an archive made with G1 would be refused.
        String zgc = launch(JDK25, Map.of("PARLEY_JAVA_OPTS", "-XX:+UseZGC"), "serve");
        assertThat(zgc).contains("compactHeaders=true", "gc=ZGC", "archiveMapped=true");
    }

    @Test
    void otherCommandsGetTheOptionsButNoTrainingStart() throws Exception {
        assumeJava25();
        assertThat(launch(JDK25, Map.of(), "--version")).contains("compactHeaders=true", "archive=none");
        assertThat(archives()).isEmpty();
    }

    private static void assumeJava25() {
        assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no JDK 25 at " + JDK25);
    }

    private List<Path> archives() throws IOException {
        try (var files = Files.list(root.resolve("parley-app/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    /** Runs {@code ./parley args} with {@code javaHome} and {@code env} (no other PARLEY_*); its PROBE line. */
    private String launch(Path javaHome, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("parley").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_") || k.equals("JAVA_HOME"));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
                .orElseThrow(() -> new AssertionError("no PROBE line from ./parley: " + out));
    }
}
