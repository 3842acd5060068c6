package io.awsemu.core.routing;

import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.service.ServiceDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the service a request is for, from the head alone where possible, in this order:
 * SigV4 scope service, X-Amz-Target, path rules, Host, Action+Version (query string, or the form body
 * for POSTs of SigV2 clients), S3 last. A request whose Action sits in a form body resolves to
 * {@link Resolution#needsForm()} and is resolved again once the body is in.
 */
public final class ServiceResolver {
    private final List<ServiceDescriptor> services;
    /** Operation names of each service's models, for Action routing. */
    private final Function<String, Set<String>> operationsOf;

    public ServiceResolver(List<ServiceDescriptor> services, Function<String, Set<String>> operationsOf) {
        this.services = List.copyOf(services);
        this.operationsOf = operationsOf;
    }

    /** The outcome: a service (with the S3 virtual-host bucket if any), "read the form first", or nothing. */
    public record Resolution(ServiceDescriptor service, String virtualHostBucket, boolean needsForm) {
        static Resolution of(ServiceDescriptor s) { return new Resolution(s, null, false); }
        static final Resolution NEEDS_FORM = new Resolution(null, null, true);
        static final Resolution NONE = new Resolution(null, null, false);
        public boolean found() { return service != null; }
    }

    public Resolution resolve(HttpRequestHead head, Optional<String> scopeService) {
        if (scopeService.isPresent()) {
            for (ServiceDescriptor s : services) {
                if (s.signingNames().contains(scopeService.get())) {
                    return withBucket(s, head);
                }
            }
        }
        String target = head.header("X-Amz-Target");
        if (target != null) {
            int dot = target.indexOf('.');
            String prefix = dot < 0 ? target : target.substring(0, dot);
            for (ServiceDescriptor s : services) if (s.targetPrefixes().contains(prefix)) return Resolution.of(s);
        }
        for (ServiceDescriptor s : services) {
            if (s.pathRule().test(head)) return withBucket(s, head);
        }
        String host = head.hostName();
        if (!host.isEmpty() && !isIpLiteral(host)) {
            String[] labels = host.split("\\.");
            ServiceDescriptor s3 = byId("s3");
            if (s3 != null && s3Label(labels) >= 0) return withBucket(s3, head);
            for (ServiceDescriptor s : services) {
                if (labels.length > 1 && s.hostLabels().contains(labels[0])) return Resolution.of(s);
            }
        }
        Resolution byAction = byActionAndVersion(head.query());
        if (byAction.found()) return byAction;
        if (head.hasQueryParam("Action")) return byAction;   // names an action nobody has: NONE
        if (isForm(head) && !head.method().equals("GET")) {
            // Query-protocol POSTs from SigV2 clients carry Action in the body; S3 never posts url-encoded forms
            return Resolution.NEEDS_FORM;
        }
        ServiceDescriptor s3 = byId("s3");
        return s3 == null ? Resolution.NONE : withBucket(s3, head);
    }

    /** Second pass for {@link Resolution#needsForm()}: Action+Version from the decoded form body. */
    public Resolution resolveForm(HttpRequestHead head, Map<String, List<String>> form) {
        Resolution r = byActionAndVersion(form);
        if (r.found()) return r;
        ServiceDescriptor s3 = byId("s3");
        return form.containsKey("Action") || s3 == null ? Resolution.NONE : withBucket(s3, head);
    }

    private Resolution byActionAndVersion(Map<String, List<String>> params) {
        String action = first(params, "Action");
        if (action == null) return Resolution.NONE;
        String version = first(params, "Version");
        List<ServiceDescriptor> versionMatches = new ArrayList<>();
        for (ServiceDescriptor s : services) {
            if (version != null && s.queryApiVersions().contains(version)) versionMatches.add(s);
        }
        // one service speaks this version: no need to load its model here (this runs on the event loop)
        if (versionMatches.size() == 1) return Resolution.of(versionMatches.get(0));
        for (ServiceDescriptor s : versionMatches) {
            if (operationsOf.apply(s.serviceId()).contains(action)) return Resolution.of(s);
        }
        ServiceDescriptor only = null;
        for (ServiceDescriptor s : services) {
            if (!s.queryApiVersions().isEmpty() && operationsOf.apply(s.serviceId()).contains(action)) {
                if (only != null) return Resolution.NONE;   // ambiguous without a Version
                only = s;
            }
        }
        return only == null ? Resolution.NONE : Resolution.of(only);
    }

    private Resolution withBucket(ServiceDescriptor s, HttpRequestHead head) {
        if (!s.serviceId().equals("s3")) return Resolution.of(s);
        return new Resolution(s, virtualHostBucket(head.hostName()), false);
    }

    /**
     * The bucket named by a virtual-host style Host ({@code b.s3.localhost}, {@code b.s3.us-east-1.amazonaws.com},
     * {@code b.s3-us-west-2.amazonaws.com}, {@code b.s3-website-us-east-1.amazonaws.com}), or null for path style.
     */
    public static String virtualHostBucket(String host) {
        if (host.isEmpty() || isIpLiteral(host)) return null;
        String[] labels = host.split("\\.");
        int i = s3Label(labels);
        if (i <= 0) return null;
        return String.join(".", java.util.Arrays.copyOfRange(labels, 0, i));
    }

    private static int s3Label(String[] labels) {
        for (int i = 0; i < labels.length; i++) {
            String l = labels[i];
            if (l.equals("s3") || l.startsWith("s3-") || l.equals("s3-website")) return i;
        }
        return -1;
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || isDottedQuad(host);
    }

    /**
     * Four groups of one to three ASCII digits joined by dots (what {@code \\d{1,3}(\\.\\d{1,3}){3}}
     * matches), by hand: a regex per request was most of the resolver's event-loop time.
     */
    static boolean isDottedQuad(String s) {
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) return false;
            } else if (c == '.' && digits > 0 && groups < 3) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }

    private static boolean isForm(HttpRequestHead head) {
        String ct = head.header("Content-Type");
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private ServiceDescriptor byId(String id) {
        for (ServiceDescriptor s : services) if (s.serviceId().equals(id)) return s;
        return null;
    }

    private static String first(Map<String, List<String>> m, String k) {
        List<String> v = m.get(k);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
