package io.awsemu.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The house rules, checked on the sources of every module: Netty only in core.http and
 * core.server; no service imports another; engines touch no HTTP, protocol or JDBC code; no
 * service module depends on the SDK at run time (only emulator-junit, whose job is handing SDK
 * clients to tests, may name SDK types, and declares them optional).
 */
class ArchitectureTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    static final List<String> SERVICES = List.of("s3", "sqs", "ec2", "simpledb", "rds", "cloudfront");

    record Source(Path file, String pkg, List<String> imports) {}

    static List<Source> mainSources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/")).toList()) {
                String text = Files.readString(p);
                Matcher pm = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE).matcher(text);
                String pkg = pm.find() ? pm.group(1) : "";
                List<String> imports = new ArrayList<>();
                Matcher m = IMPORT.matcher(text);
                while (m.find()) imports.add(m.group(2));
                // fully qualified uses in code count as imports too
                Matcher fq = Pattern.compile("\\b(io\\.netty\\.[\\w.]+|java\\.sql\\.[\\w.]+|io\\.awsemu\\.[\\w.]+)").matcher(
                        text.replaceAll("(?m)^(package|import) .*$", ""));
                while (fq.find()) imports.add(fq.group(1));
                out.add(new Source(p, pkg, imports));
            }
        }
        return out;
    }

    @Test
    void sourcesAreFound() throws IOException {
        assertTrue(mainSources().size() > 100, "expected the whole tree from " + ROOT);
    }

    @Test
    void nettyStaysInCoreHttpAndServer() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : mainSources()) {
            boolean allowed = s.pkg.startsWith("io.awsemu.core.http") || s.pkg.startsWith("io.awsemu.core.server");
            for (String i : s.imports) if (i.startsWith("io.netty") && !allowed) bad.add(ROOT.relativize(s.file) + " -> " + i);
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void servicesDoNotImportEachOther() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : mainSources()) {
            for (String svc : SERVICES) {
                String own = "io.awsemu." + svc;
                if (!s.pkg.equals(own) && !s.pkg.startsWith(own + ".")) continue;
                for (String i : s.imports) {
                    for (String other : SERVICES) {
                        if (!other.equals(svc) && (i.startsWith("io.awsemu." + other + ".") || i.equals("io.awsemu." + other))) {
                            bad.add(ROOT.relativize(s.file) + " -> " + i);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void enginesKnowNoWireNoJdbcAndCoreKnowsNoService() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : mainSources()) {
            boolean engine = s.pkg.matches("io\\.awsemu\\.\\w+\\.engine(\\..*)?");
            boolean core = s.pkg.startsWith("io.awsemu.core");
            // clients of the emulator (the JUnit extension hands out SDK clients; the benches drive it
            // with them) may use the SDKs; the emulator itself may not
            boolean testSupport = s.pkg.equals("io.awsemu.junit") || s.pkg.startsWith("io.awsemu.junit.")
                    || s.pkg.equals("io.awsemu.bench") || s.pkg.startsWith("io.awsemu.bench.");
            for (String i : s.imports) {
                if (engine && (i.startsWith("java.sql") || i.startsWith("io.awsemu.core.http")
                        || i.startsWith("io.awsemu.core.protocol") || i.startsWith("io.netty"))) {
                    bad.add(ROOT.relativize(s.file) + " -> " + i);
                }
                if (core) for (String svc : SERVICES) {
                    if (i.startsWith("io.awsemu." + svc + ".")) bad.add(ROOT.relativize(s.file) + " -> " + i);
                }
                if (!testSupport && (i.startsWith("software.amazon.awssdk") || i.startsWith("com.amazonaws"))) {
                    bad.add(ROOT.relativize(s.file) + " -> " + i + " (the SDKs are test oracles only)");
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
