package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A bucket's CORS rules (at most 100) and the matching S3 does for preflight and actual requests. */
public record CorsConfiguration(List<Rule> rules) {
    public static final int MAX_RULES = 100;
    public static final Set<String> METHODS = Set.of("GET", "PUT", "HEAD", "POST", "DELETE");

    /** @param maxAgeSeconds null when not set */
    public record Rule(String id, List<String> allowedOrigins, List<String> allowedMethods,
                       List<String> allowedHeaders, List<String> exposeHeaders, Integer maxAgeSeconds) {

        boolean allowsOrigin(String origin) {
            for (String o : allowedOrigins) if (wildcardMatches(o, origin, false)) return true;
            return false;
        }

        boolean allowsHeader(String header) {
            for (String h : allowedHeaders) if (wildcardMatches(h, header, true)) return true;
            return false;
        }

        /** "*" when the rule allows any origin (S3 then answers "*"), else the request's own origin. */
        public String allowOriginFor(String origin) {
            return allowedOrigins.contains("*") ? "*" : origin;
        }
    }

    /** Validates as PutBucketCors does; the first broken rule names the error. */
    public CorsConfiguration {
        rules = List.copyOf(rules);
        if (rules.isEmpty() || rules.size() > MAX_RULES) throw S3Errors.malformedXml();
        for (Rule r : rules) {
            if (r.allowedOrigins().isEmpty() || r.allowedMethods().isEmpty()) throw S3Errors.malformedXml();
            for (String m : r.allowedMethods()) {
                if (!METHODS.contains(m)) {
                    throw S3Errors.invalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is " + m);
                }
            }
            for (String o : r.allowedOrigins()) {
                if (o.indexOf('*') != o.lastIndexOf('*')) {
                    throw S3Errors.invalidRequest("AllowedOrigin \"" + o + "\" can not have more than one wildcard.");
                }
            }
            for (String h : r.allowedHeaders()) {
                if (h.indexOf('*') != h.lastIndexOf('*')) {
                    throw S3Errors.invalidRequest("AllowedHeader \"" + h + "\" can not have more than one wildcard.");
                }
            }
            if (r.id() != null && r.id().length() > 255) {
                throw S3Errors.invalidArgument("The ID of a CORSRule cannot be longer than 255 characters", "ID", r.id());
            }
        }
    }

    /**
     * The first rule allowing {@code origin} with {@code method} and every one of {@code requestHeaders}
     * (preflight's Access-Control-Request-Headers; empty for actual requests), or null.
     */
    public Rule match(String origin, String method, List<String> requestHeaders) {
        for (Rule r : rules) {
            if (!r.allowsOrigin(origin) || !r.allowedMethods().contains(method)) continue;
            boolean all = true;
            for (String h : requestHeaders) if (!r.allowsHeader(h)) all = false;
            if (all) return r;
        }
        return null;
    }

    /** At most one '*', matching any run of characters. */
    static boolean wildcardMatches(String pattern, String value, boolean ignoreCase) {
        if (ignoreCase) {
            pattern = pattern.toLowerCase(Locale.ROOT);
            value = value.toLowerCase(Locale.ROOT);
        }
        int star = pattern.indexOf('*');
        if (star < 0) return pattern.equals(value);
        String head = pattern.substring(0, star);
        String tail = pattern.substring(star + 1);
        return value.length() >= head.length() + tail.length() && value.startsWith(head) && value.endsWith(tail);
    }
}
