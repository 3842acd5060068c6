package io.awsemu.s3;

import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.CorsConfiguration;
import io.awsemu.s3.engine.LifecycleConfiguration;
import io.awsemu.s3.engine.Tags;
import io.awsemu.s3.engine.WebsiteConfiguration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The XML of bucket configuration documents: reads each into its engine model (validating as S3 does)
 * and writes the stored form, the request's own element tree re-serialized in S3's namespace, which
 * the Get operations answer with.
 */
final class BucketConfigXml {
    private BucketConfigXml() {}

    /** The root, checked to be {@code rootName}; MalformedXML otherwise. */
    static Element root(byte[] body, String rootName) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) throw S3Errors.malformedXml();
        Element root = S3Xml.parse(body);
        if (!root.name().equals(rootName)) throw S3Errors.malformedXml();
        return root;
    }

    static Element read(String stored) {
        return S3Xml.parse(stored.getBytes(StandardCharsets.UTF_8));
    }

    /** The stored form of a document: its elements in S3's namespace, without declaration. */
    static String canonical(Element root) {
        XmlWriter w = XmlWriter.fragment().start(root.name(), S3Responses.NAMESPACE);
        body(w, root);
        return w.end().toString();
    }

    /** Writes {@code e}'s content (its children, or its text) inside the element the caller has started. */
    static void children(XmlWriter w, Element e) {
        body(w, e);
    }

    private static void body(XmlWriter w, Element e) {
        if (e.children().isEmpty()) {
            if (!e.text().isEmpty()) w.text(e.text());
            return;
        }
        for (Element c : e.children()) {
            w.start(c.name());
            body(w, c);
            w.end();
        }
    }

    static List<Element> all(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) for (Element c : parent.children()) if (c.name().equals(name)) out.add(c);
        return out;
    }

    private static List<String> texts(Element parent, String name) {
        return all(parent, name).stream().map(Element::text).toList();
    }

    // ---------------------------------------------------------------- tagging

    static List<Tags.Tag> tagSet(Element tagging) {
        Element set = tagging.child("TagSet");
        if (set == null) throw S3Errors.malformedXml();
        List<Tags.Tag> tags = new ArrayList<>();
        for (Element t : all(set, "Tag")) tags.add(tag(t));
        return tags;
    }

    private static Tags.Tag tag(Element t) {
        if (t.child("Key") == null) throw S3Errors.malformedXml();
        return new Tags.Tag(t.childText("Key"), t.childText("Value") == null ? "" : t.childText("Value"));
    }

    static XmlWriter tagging(Map<String, String> tags) {
        XmlWriter w = XmlWriter.document().start("Tagging", S3Responses.NAMESPACE).start("TagSet");
        tags.forEach((k, v) -> w.start("Tag").element("Key", k).element("Value", v).end());
        return w.end().end();
    }

    // ---------------------------------------------------------------- CORS

    static CorsConfiguration cors(Element root) {
        List<CorsConfiguration.Rule> rules = new ArrayList<>();
        for (Element r : all(root, "CORSRule")) {
            Integer maxAge = null;
            if (r.childText("MaxAgeSeconds") != null) maxAge = integer(r.childText("MaxAgeSeconds"));
            rules.add(new CorsConfiguration.Rule(r.childText("ID"), texts(r, "AllowedOrigin"), texts(r, "AllowedMethod"),
                    texts(r, "AllowedHeader"), texts(r, "ExposeHeader"), maxAge));
        }
        return new CorsConfiguration(rules);
    }

    // ---------------------------------------------------------------- website

    static WebsiteConfiguration website(Element root) {
        Element index = root.child("IndexDocument");
        Element error = root.child("ErrorDocument");
        Element all = root.child("RedirectAllRequestsTo");
        if (index != null && index.child("Suffix") == null) throw S3Errors.malformedXml();
        if (error != null && error.child("Key") == null) throw S3Errors.malformedXml();
        WebsiteConfiguration.RedirectAll redirectAll = all == null ? null
                : new WebsiteConfiguration.RedirectAll(all.childText("HostName"), all.childText("Protocol"));
        List<WebsiteConfiguration.RoutingRule> rules = new ArrayList<>();
        Element rr = root.child("RoutingRules");
        for (Element r : all(rr, "RoutingRule")) {
            Element cond = r.child("Condition");
            Element red = r.child("Redirect");
            WebsiteConfiguration.Redirect redirect = red == null ? null : new WebsiteConfiguration.Redirect(
                    red.childText("HostName"), red.childText("HttpRedirectCode"), red.childText("Protocol"),
                    red.childText("ReplaceKeyPrefixWith"), red.childText("ReplaceKeyWith"));
            rules.add(new WebsiteConfiguration.RoutingRule(cond == null ? null : cond.childText("KeyPrefixEquals"),
                    cond == null ? null : cond.childText("HttpErrorCodeReturnedEquals"), redirect));
        }
        if (rr != null && rules.isEmpty()) throw S3Errors.malformedXml();
        return new WebsiteConfiguration(index == null ? null : index.childText("Suffix"),
                error == null ? null : error.childText("Key"), redirectAll, rules);
    }

    // ---------------------------------------------------------------- lifecycle

    static LifecycleConfiguration lifecycle(Element root) {
        List<LifecycleConfiguration.Rule> rules = new ArrayList<>();
        for (Element r : all(root, "Rule")) {
            String status = r.childText("Status");
            if (!"Enabled".equals(status) && !"Disabled".equals(status)) throw S3Errors.malformedXml();
            Element filterElement = r.child("Filter");
            String legacyPrefix = r.childText("Prefix");
            if (filterElement != null && legacyPrefix != null) throw S3Errors.malformedXml();
            LifecycleConfiguration.Filter filter = filterElement == null
                    ? new LifecycleConfiguration.Filter(legacyPrefix, Map.of(), null, null) : filter(filterElement);
            Element exp = r.child("Expiration");
            Integer days = null;
            Instant date = null;
            Boolean marker = null;
            if (exp != null) {
                int set = (exp.child("Days") != null ? 1 : 0) + (exp.child("Date") != null ? 1 : 0)
                        + (exp.child("ExpiredObjectDeleteMarker") != null ? 1 : 0);
                if (set != 1) throw S3Errors.malformedXml();
                if (exp.childText("Days") != null) days = integer(exp.childText("Days"));
                if (exp.childText("Date") != null) date = date(exp.childText("Date"));
                if (exp.childText("ExpiredObjectDeleteMarker") != null) marker = bool(exp.childText("ExpiredObjectDeleteMarker"));
            }
            Element nve = r.child("NoncurrentVersionExpiration");
            Integer noncurrentDays = null;
            Integer newer = null;
            if (nve != null) {
                if (nve.childText("NoncurrentDays") == null) throw S3Errors.malformedXml();
                noncurrentDays = integer(nve.childText("NoncurrentDays"));
                if (nve.childText("NewerNoncurrentVersions") != null) newer = integer(nve.childText("NewerNoncurrentVersions"));
            }
            Element abort = r.child("AbortIncompleteMultipartUpload");
            Integer abortDays = null;
            if (abort != null) {
                if (abort.childText("DaysAfterInitiation") == null) throw S3Errors.malformedXml();
                abortDays = integer(abort.childText("DaysAfterInitiation"));
            }
            List<LifecycleConfiguration.Transition> transitions = new ArrayList<>();
            for (Element t : all(r, "Transition")) {
                if ((t.child("Days") == null) == (t.child("Date") == null)) throw S3Errors.malformedXml();
                transitions.add(new LifecycleConfiguration.Transition(false,
                        t.childText("Days") == null ? null : integer(t.childText("Days")),
                        t.childText("Date") == null ? null : date(t.childText("Date")), transitionClass(t), null));
            }
            for (Element t : all(r, "NoncurrentVersionTransition")) {
                if (t.childText("NoncurrentDays") == null) throw S3Errors.malformedXml();
                transitions.add(new LifecycleConfiguration.Transition(true, integer(t.childText("NoncurrentDays")), null,
                        transitionClass(t), t.childText("NewerNoncurrentVersions") == null ? null
                                : integer(t.childText("NewerNoncurrentVersions"))));
            }
            rules.add(new LifecycleConfiguration.Rule(r.childText("ID"), status.equals("Enabled"), filter, days, date,
                    marker, noncurrentDays, newer, abortDays, transitions));
        }
        return new LifecycleConfiguration(rules);
    }

    private static String transitionClass(Element transition) {
        String c = transition.childText("StorageClass");
        if (c == null) throw S3Errors.malformedXml();
        return c;
    }

    private static final Set<String> FILTER_MEMBERS = Set.of("Prefix", "Tag", "ObjectSizeGreaterThan",
            "ObjectSizeLessThan", "And");

    private static LifecycleConfiguration.Filter filter(Element f) {
        for (Element c : f.children()) if (!FILTER_MEMBERS.contains(c.name())) throw S3Errors.malformedXml();
        // outside And, a filter names one condition
        if (f.children().size() > 1) throw S3Errors.malformedXml();
        Element and = f.child("And");
        Element source = and != null ? and : f;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Element t : all(source, "Tag")) {
            Tags.Tag tag = tag(t);
            if (tags.put(tag.key(), tag.value()) != null) {
                throw S3Errors.invalidRequest("Duplicate Tag Keys are not allowed.");
            }
        }
        if (and != null && and.children().isEmpty()) throw S3Errors.malformedXml();
        Long gt = source.childText("ObjectSizeGreaterThan") == null ? null : longValue(source.childText("ObjectSizeGreaterThan"));
        Long lt = source.childText("ObjectSizeLessThan") == null ? null : longValue(source.childText("ObjectSizeLessThan"));
        return new LifecycleConfiguration.Filter(source.childText("Prefix"), Map.copyOf(tags), gt, lt);
    }

    private static Instant date(String s) {
        try {
            return Instant.parse(s.length() == 10 ? s + "T00:00:00Z" : s);
        } catch (DateTimeParseException e) {
            throw S3Errors.invalidArgument("Invalid date format", "Date", s);
        }
    }

    private static Boolean bool(String s) {
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw S3Errors.malformedXml();
    }

    static int integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw S3Errors.malformedXml();
        }
    }

    private static long longValue(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw S3Errors.malformedXml();
        }
    }
}
