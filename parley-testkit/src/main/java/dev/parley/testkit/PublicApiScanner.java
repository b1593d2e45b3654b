package dev.parley.testkit;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds public signatures in API packages (every package but {@code internal}) that mention a Netty type:
 * the public API must stay free of them.
 */
public final class PublicApiScanner {
    private PublicApiScanner() {
    }

    /** Offending signatures, as {@code Class.member: type}; empty when the API is clean. */
    public static List<String> nettyMentions(List<String> packages) throws Exception {
        return mentions(packages, List.of("io.netty"));
    }

    /** Public or protected signatures in these packages that mention a type whose name contains any of {@code forbidden}. */
    public static List<String> mentions(List<String> packages, List<String> forbidden) throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : publicClasses(packages)) {
            for (Method m : type.getDeclaredMethods()) {
                check(m, forbidden, offenders);
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                check(c, forbidden, offenders);
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers())) {
                    mention(type.getName() + "." + f.getName(), f.getGenericType(), forbidden, offenders);
                }
            }
            for (Type t : type.getGenericInterfaces()) {
                mention(type.getName() + " implements", t, forbidden, offenders);
            }
            mention(type.getName() + " extends", type.getGenericSuperclass(), forbidden, offenders);
        }
        return offenders;
    }

    /**
     * The public classes of the packages: top-level ones and, inside them, every public or protected member
     * class (a nested {@code Builder} or record is API too), at any depth.
     */
    public static List<Class<?>> publicClasses(List<String> packages) throws Exception {
        List<Class<?>> classes = new ArrayList<>();
        for (String pkg : packages) {
            for (Class<?> type : classesIn(pkg)) {
                if (Modifier.isPublic(type.getModifiers())) {
                    addWithMembers(type, classes);
                }
            }
        }
        return classes;
    }

    private static void addWithMembers(Class<?> type, List<Class<?>> classes) {
        classes.add(type);
        for (Class<?> member : type.getDeclaredClasses()) {
            if (Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers())) {
                addWithMembers(member, classes);
            }
        }
    }

    private static void check(Executable e, List<String> forbidden, List<String> offenders) {
        if (!Modifier.isPublic(e.getModifiers()) && !Modifier.isProtected(e.getModifiers())) {
            return;
        }
        String where = e.getDeclaringClass().getName() + "." + e.getName();
        for (Type t : e.getGenericParameterTypes()) {
            mention(where, t, forbidden, offenders);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            mention(where, t, forbidden, offenders);
        }
        if (e instanceof Method m) {
            mention(where, m.getGenericReturnType(), forbidden, offenders);
        }
    }

    private static void mention(String where, Type type, List<String> forbidden, List<String> offenders) {
        if (type != null && forbidden.stream().anyMatch(type.getTypeName()::contains)) {
            offenders.add(where + ": " + type.getTypeName());
        }
    }

    private static List<Class<?>> classesIn(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        String dir = pkg.replace('.', '/');
        Enumeration<URL> roots = Thread.currentThread().getContextClassLoader().getResources(dir);
        while (roots.hasMoreElements()) {
            URL url = roots.nextElement();
            List<String> names = new ArrayList<>();
            if (url.getProtocol().equals("jar")) {
                try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
                            .forEach(names::add);
                }
            } else {
                Path root = Paths.get(url.toURI());
                try (Stream<Path> files = Files.list(root)) {
                    files.forEach(p -> names.add(dir + "/" + p.getFileName()));
                }
            }
            for (String name : names) {
                if (name.endsWith(".class") && !name.contains("$")) {
                    classes.add(Class.forName(name.substring(0, name.length() - 6).replace('/', '.')));
                }
            }
        }
        return classes;
    }
}
