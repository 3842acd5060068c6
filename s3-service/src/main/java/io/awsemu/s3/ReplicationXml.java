package io.awsemu.s3;

import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.ReplicationConfiguration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The XML of PutBucketReplication / GetBucketReplication: the document's shape checked against S3's schema
 * (MalformedXML), read into {@link ReplicationConfiguration} (which validates the rules as S3 does).
 */
final class ReplicationXml {
    private ReplicationXml() {}

    private static final Set<String> RULE_MEMBERS = Set.of("ID", "Priority", "Prefix", "Filter", "Status",
            "SourceSelectionCriteria", "ExistingObjectReplication", "Destination", "DeleteMarkerReplication");
    private static final Set<String> FILTER_MEMBERS = Set.of("Prefix", "Tag", "And");
    private static final Set<String> DESTINATION_MEMBERS = Set.of("Bucket", "Account", "StorageClass",
            "AccessControlTranslation", "EncryptionConfiguration", "ReplicationTime", "Metrics");

    /**
     * The document as stored: each rule without an ID gets one, as S3 generates it (what GetBucketReplication
     * then shows).
     */
    static Element withRuleIds(Element root) {
        List<Element> children = new ArrayList<>();
        for (Element c : root.children()) {
            if (c.name().equals("Rule") && c.child("ID") == null) {
                List<Element> rule = new ArrayList<>();
                rule.add(new Element("ID", generatedId(), List.of()));
                rule.addAll(c.children());
                c = new Element("Rule", "", rule);
            }
            children.add(c);
        }
        return new Element(root.name(), root.text(), children);
    }

    /** Like S3's: the base64 of a random UUID's text. */
    private static String generatedId() {
        return Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    }

    static ReplicationConfiguration configuration(Element root) {
        String role = null;
        List<ReplicationConfiguration.Rule> rules = new ArrayList<>();
        for (Element c : root.children()) {
            switch (c.name()) {
                case "Role" -> role = c.text();
                case "Rule" -> rules.add(rule(c));
                default -> throw S3Errors.malformedXml();
            }
        }
        return new ReplicationConfiguration(role, rules);
    }

    private static ReplicationConfiguration.Rule rule(Element r) {
        for (Element c : r.children()) if (!RULE_MEMBERS.contains(c.name())) throw S3Errors.malformedXml();
        boolean enabled = status(r.child("Status"));
        Element filter = r.child("Filter");
        Element legacyPrefix = r.child("Prefix");
        if (filter != null && legacyPrefix != null) throw S3Errors.malformedXml();
        String prefix = legacyPrefix == null ? null : legacyPrefix.text();
        Map<String, String> tags = new LinkedHashMap<>();
        if (filter != null) {
            for (Element c : filter.children()) if (!FILTER_MEMBERS.contains(c.name())) throw S3Errors.malformedXml();
            if (filter.children().size() > 1) throw S3Errors.malformedXml(); // outside And, one condition
            Element and = filter.child("And");
            Element source = and != null ? and : filter;
            if (and != null) {
                for (Element c : and.children()) if (!c.name().equals("Prefix") && !c.name().equals("Tag")) throw S3Errors.malformedXml();
                if (and.children().isEmpty()) throw S3Errors.malformedXml();
            }
            prefix = source.childText("Prefix");
            for (Element t : BucketConfigXml.all(source, "Tag")) {
                String key = t.childText("Key");
                String value = t.childText("Value");
                if (key == null || value == null) throw S3Errors.malformedXml();
                if (tags.put(key, value) != null) throw S3Errors.invalidRequest("Duplicate Tag Keys are not allowed.");
            }
        }
        Integer priority = r.childText("Priority") == null ? null : priority(r.childText("Priority"));
        Element dm = r.child("DeleteMarkerReplication");
        Boolean deleteMarkers = dm == null ? null : status(dm.child("Status"));
        Element existing = r.child("ExistingObjectReplication");
        if (existing != null) status(existing.child("Status"));
        Element criteria = r.child("SourceSelectionCriteria");
        if (criteria != null) {
            for (Element c : criteria.children()) {
                if (!c.name().equals("SseKmsEncryptedObjects") && !c.name().equals("ReplicaModifications")) {
                    throw S3Errors.malformedXml();
                }
                status(c.child("Status"));
            }
        }
        Element d = r.child("Destination");
        if (d == null) throw S3Errors.malformedXml();
        for (Element c : d.children()) if (!DESTINATION_MEMBERS.contains(c.name())) throw S3Errors.malformedXml();
        String arn = d.childText("Bucket");
        if (arn == null) throw S3Errors.malformedXml();
        if (!arn.startsWith(ReplicationConfiguration.BUCKET_ARN) || arn.length() == ReplicationConfiguration.BUCKET_ARN.length()) {
            throw S3Errors.invalidArgument("Invalid bucket ARN.", "Bucket", arn);
        }
        String storageClass = d.childText("StorageClass");
        if (storageClass != null && !ObjectEngine.STORAGE_CLASSES.contains(storageClass)) throw S3Errors.malformedXml();
        for (String timed : List.of("ReplicationTime", "Metrics")) {
            Element e = d.child(timed);
            if (e != null) status(e.child("Status"));
        }
        Element act = d.child("AccessControlTranslation");
        if (act != null && !"Destination".equals(act.childText("Owner"))) throw S3Errors.malformedXml();
        return new ReplicationConfiguration.Rule(r.childText("ID"), priority, enabled, filter == null, prefix, tags,
                arn.substring(ReplicationConfiguration.BUCKET_ARN.length()), storageClass, deleteMarkers);
    }

    /** A Status element's Enabled or Disabled; MalformedXML when missing or anything else. */
    private static boolean status(Element e) {
        if (e == null) throw S3Errors.malformedXml();
        if (e.text().equals("Enabled")) return true;
        if (e.text().equals("Disabled")) return false;
        throw S3Errors.malformedXml();
    }

    private static int priority(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw S3Errors.malformedXml();
        }
    }
}
