package io.awsemu.s3;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Website endpoint Host names: {@code <bucket>.s3-website.<domain>}, {@code <bucket>.s3-website-<region>.<domain>}
 * and {@code <bucket>.s3-website.<region>.<domain>}, for the configured domain and for amazonaws.com. Core's
 * service resolution already sends these to S3 (an {@code s3-website} label is an S3 label).
 */
final class WebsiteHosts {
    private WebsiteHosts() {}

    private static final String REGION = "[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d+";
    private static final Pattern FRONT = Pattern.compile("(.+)\\.s3-website(?:[.-]" + REGION + ")?");

    /** The bucket a website Host names, or null when {@code host} is not a website endpoint. */
    static String bucket(String host, String domain) {
        // every S3 request passes here: most are not website requests, and that is cheap to tell
        if (host == null || host.isEmpty()) return null;
        String h = host.toLowerCase(Locale.ROOT);
        if (!h.contains(".s3-website")) return null;
        String d = domain == null || domain.isEmpty() ? "localhost" : domain.toLowerCase(Locale.ROOT);
        for (String base : new String[] {d, "amazonaws.com"}) {
            if (!h.endsWith("." + base)) continue;
            Matcher m = FRONT.matcher(h.substring(0, h.length() - base.length() - 1));
            if (m.matches()) return m.group(1);
        }
        return null;
    }
}
