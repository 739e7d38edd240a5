package bi.ingest.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link NormalizeBenchmark} of two builds in one JVM, in turn: this machine's speed drifts by a fifth within minutes,
 * more than most changes to the service's own work, and two builds measured in turn in one JVM see the same drift.
 * Each build's classes come from its own class loader (its {@code target/classes} and {@code target/test-classes},
 * the dependencies of this one), so each is compiled by the JIT on its own. Arguments: the base build's directory, this
 * build's, the number of passes of each (every pass runs the benchmark's five rounds), then the benchmark's own
 * arguments. Prints each pass's rounds 3 to 5 (µs per order with the bodies written) and, per build, their min,
 * median and max.
 */
public final class AbBenchmark {

    private static final Pattern ROUND = Pattern.compile("round ([345]): .*\\(([0-9.]+) us/order");

    private AbBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] builds = {args[0], args[1]};
        int passes = Integer.parseInt(args[2]);
        String[] benchArgs = Arrays.copyOfRange(args, 3, args.length);
        List<URL> dependencies = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith("classes") && !entry.endsWith("classes" + File.separator)) {
                dependencies.add(new File(entry).toURI().toURL());
            }
        }
        ClassLoader[] loaders = new ClassLoader[2];
        for (int b = 0; b < 2; b++) {
            List<URL> urls = new ArrayList<>(List.of(new File(builds[b], "target/classes/").toURI().toURL(),
                    new File(builds[b], "target/test-classes/").toURI().toURL()));
            urls.addAll(dependencies);
            loaders[b] = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }
        List<List<Double>> micros = List.of(new ArrayList<>(), new ArrayList<>());
        PrintStream out = System.out;
        for (int pass = 1; pass <= passes; pass++) {
            for (int b = 0; b < 2; b++) {
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                Thread.currentThread().setContextClassLoader(loaders[b]);
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                try {
                    loaders[b].loadClass(NormalizeBenchmark.class.getName()).getMethod("main", String[].class)
                            .invoke(null, (Object) benchArgs);
                } finally {
                    System.setOut(out);
                }
                StringBuilder line = new StringBuilder(String.format("pass %d, %-4s", pass, b == 0 ? "base" : "this"));
                Matcher m = ROUND.matcher(printed.toString(StandardCharsets.UTF_8));
                while (m.find()) {
                    double us = Double.parseDouble(m.group(2));
                    micros.get(b).add(us);
                    line.append(String.format("  round %s: %.1f us/order", m.group(1), us));
                }
                out.println(line);
            }
        }
        for (int b = 0; b < 2; b++) {
            List<Double> v = new ArrayList<>(micros.get(b));
            v.sort(null);
            out.printf("%s (%s): us per order, rounds 3-5 of %d passes: min %.1f / median %.1f / max %.1f%n", b == 0 ? "base" : "this",
                    builds[b], passes, v.get(0), v.get(v.size() / 2), v.get(v.size() - 1));
        }
    }
}
