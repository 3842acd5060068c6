package io.awsemu.s3.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * AWS's naming rules for general purpose buckets created today (the pre-2018 us-east-1 leniency is
 * gone for new buckets): 3-63 characters of lowercase letters, digits, dots and hyphens, starting and
 * ending with a letter or digit, no "..", not an IPv4 address, and none of the reserved prefixes or
 * suffixes.
 */
public final class BucketNames {
    private BucketNames() {}

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    // -s3alias and --ol-s3 are access point aliases, .mrap multi-region access points, --x-s3 directory
    // buckets, --table-s3 table buckets: S3 keeps them so a name cannot be mistaken for one.
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    public static boolean isValid(String name) {
        if (name == null || !SHAPE.matcher(name).matches()) return false;
        if (name.contains("..")) return false;
        if (IPV4.matcher(name).matches()) return false;
        for (String p : RESERVED_PREFIXES) if (name.startsWith(p)) return false;
        for (String s : RESERVED_SUFFIXES) if (name.endsWith(s)) return false;
        return true;
    }
}
