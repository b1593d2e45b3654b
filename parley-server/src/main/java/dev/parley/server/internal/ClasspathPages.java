package dev.parley.server.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads files of a classpath folder by name. The folder's location is found once (from its
 * {@code index.html}) and files are opened under it directly: {@code ClassLoader.getResource} remembers
 * every name it was asked for (a JDK resource cache, soft but never cleared while memory lasts), so a
 * client asking for unique paths would grow the heap. Falls back to the class loader when the folder has
 * no {@code index.html}. May block on the disk.
 */
final class ClasspathPages {
    private final String classpathRoot;
    /** {@code jar:file:/...!/dev/parley/server/public/} or {@code file:/.../public/}, or null. */
    private final String rootUrl;

    ClasspathPages(String classpathRoot) {
        this.classpathRoot = classpathRoot;
        URL index = ClasspathPages.class.getClassLoader().getResource(classpathRoot + "/index.html");
        String url = index == null ? null : index.toString();
        this.rootUrl = url == null ? null : url.substring(0, url.length() - "index.html".length());
    }

    /** The file's bytes; empty when there is none. {@code relative} was checked by {@link StaticFiles#isSafe}. */
    Optional<byte[]> read(String relative) throws IOException {
        if (relative.isEmpty() || relative.endsWith("/")) {
            return Optional.empty();
        }
        if (rootUrl == null) {
            try (InputStream in = ClasspathPages.class.getClassLoader()
                    .getResourceAsStream(classpathRoot + "/" + relative)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        }
        URL url;
        try {
            // Encoded and appended, never resolved: "http://x" must stay a file name under the root.
            url = new URL(rootUrl + new URI(null, null, relative, null).getRawPath());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (url.getProtocol().equals("file")) {
            try {
                Path file = Path.of(url.toURI());
                return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            } catch (URISyntaxException | IllegalArgumentException | NoSuchFileException e) {
                return Optional.empty();
            }
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }
}
