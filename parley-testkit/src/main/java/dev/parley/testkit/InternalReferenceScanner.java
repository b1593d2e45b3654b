package dev.parley.testkit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds compiled classes of one module that use another module's {@code internal} packages: modules talk
 * through their public API or their {@code spi} packages, never through each other's internals.
 *
 * <p>Reads the constant pool of every class file under the module's output directory: every type a class
 * names (in a class reference, a field or method descriptor, a generic signature) is one of its UTF-8
 * constants, so a reference cannot hide from it, while a string literal (a {@code CONSTANT_String}) is not
 * counted. {@code dev.parley.X...internal} belongs to module package {@code dev.parley.X}.
 */
public final class InternalReferenceScanner {
    /** A type in an internal package, at any depth: group 1 is the module's package below {@code dev.parley}. */
    private static final Pattern INTERNAL = Pattern.compile("dev/parley/([a-z0-9]+)/(?:[a-z0-9]+/)*internal/[A-Za-z0-9_$/]+");

    private InternalReferenceScanner() {
    }

    /**
     * References from the classes in the output directory of {@code anyMainClass} to internal packages of
     * modules other than {@code dev.parley.<ownPackage>}, as {@code referencing.Class -> dev.parley.x.internal.Type};
     * empty when the module is clean.
     */
    public static List<String> foreignInternals(Class<?> anyMainClass, String ownPackage) throws Exception {
        Path root = Paths.get(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("expected a classes directory, not " + root);
        }
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String referencing = root.relativize(file).toString().replace('\\', '/').replace(".class", "");
                for (String constant : typeNames(Files.readAllBytes(file))) {
                    Matcher m = INTERNAL.matcher(constant);
                    while (m.find()) {
                        if (!m.group(1).equals(ownPackage)) {
                            found.add(referencing.replace('/', '.') + " -> " + m.group().replace('/', '.'));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The UTF-8 constants of a class file but those that are only the text of a string literal. */
    static List<String> typeNames(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Set<Integer> literals = new HashSet<>();
        Set<Integer> classNames = new HashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) { // JVMS §4.4, table 4.4-B
                case 1 -> utf8[i] = in.readUTF();
                case 8 -> literals.add(in.readUnsignedShort());
                case 7 -> classNames.add(in.readUnsignedShort());
                case 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // a long or a double takes two entries (JVMS §4.4.5)
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && (!literals.contains(i) || classNames.contains(i))) {
                names.add(utf8[i]);
            }
        }
        return names;
    }
}
