package dev.parley.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Stands in for {@code parley.jar} under the {@code ./parley} launcher in {@link LauncherIT}: it says what the
 * JVM the launcher started has (compact headers, the collector, whether the class data archive it was given is
 * mapped) and, for {@code serve}, prints the "Parley is running at" line the launcher's training start waits
 * for. It exits at once: the training's requests then fail, which the launcher ignores.
 */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                System.out.println("Parley is running at http://127.0.0.1:" + socket.getLocalPort() + "/");
            }
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String compact;
        try {
            compact = vm.getVMOption("UseCompactObjectHeaders").getValue();
        } catch (IllegalArgumentException noSuchOption) {
            compact = "absent"; // before Java 24
        }
        String archive = vm.getVMOption("SharedArchiveFile").getValue();
        // Mapped means the JVM accepted it: one made with other headers or another collector is refused.
        boolean mapped = !archive.isEmpty() && Files.readString(Path.of("/proc/self/maps")).contains(archive);
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining("+"));
        System.out.println("PROBE compactHeaders=" + compact + " gc=" + gc.replace(' ', '_') + " archive="
                + (archive.isEmpty() ? "none" : Path.of(archive).getFileName()) + " archiveMapped=" + mapped
                + " args=" + String.join(",", args));
    }
}
