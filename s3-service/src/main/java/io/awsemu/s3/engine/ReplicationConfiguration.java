package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bucket's replication configuration (PutBucketReplication), validated as S3 validates it, and which
 * destinations a new object version or delete marker goes to.
 *
 * <p>Two schemas live side by side, as on AWS: V1 rules name a {@code Prefix} on the rule itself (no
 * Filter, no Priority; delete markers always replicate; one destination for the whole configuration, and
 * no two prefixes may overlap), V2 rules carry a {@code Filter} and must say {@code Priority} and
 * {@code DeleteMarkerReplication}. Per destination, the enabled matching rule with the highest Priority
 * decides (AWS: "if there are two or more rules with the same destination bucket, then objects will be
 * replicated according to the rule with the highest priority").
 */
public record ReplicationConfiguration(String role, List<Rule> rules) {
    public static final int MAX_RULES = 1000;
    public static final int MAX_ID = 255;
    public static final String BUCKET_ARN = "arn:aws:s3:::";

    /**
     * @param id             never null (S3 generates one when the rule has none)
     * @param priority       null for a V1 rule (and for a V2 rule that forgot it: refused)
     * @param v1             the rule names its Prefix itself, without a Filter
     * @param prefix         the key prefix the rule applies to ("" for all)
     * @param tags           tags an object must carry (Filter Tag, or And's Tags), empty for none
     * @param destination    the destination bucket's name (from its ARN)
     * @param storageClass   the replicas' storage class, null to keep the source's
     * @param deleteMarkers  DeleteMarkerReplication Enabled; null when the rule does not say (V1)
     */
    public record Rule(String id, Integer priority, boolean enabled, boolean v1, String prefix, Map<String, String> tags,
                       String destination, String storageClass, Boolean deleteMarkers) {
        public Rule {
            prefix = prefix == null ? "" : prefix;
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        boolean matches(String key, Map<String, String> objectTags) {
            if (!key.startsWith(prefix)) return false;
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (!t.getValue().equals(objectTags.get(t.getKey()))) return false;
            }
            return true;
        }

        /** V1 rules always replicate delete markers; V2 rules when DeleteMarkerReplication is Enabled. */
        boolean replicatesDeleteMarkers() {
            return v1 || Boolean.TRUE.equals(deleteMarkers);
        }

        int rank() {
            return priority == null ? 0 : priority;
        }
    }

    /** Where one version goes: the destination bucket, the storage class its replica gets (null: the source's). */
    public record Target(String bucket, String storageClass) {}

    public ReplicationConfiguration {
        rules = List.copyOf(rules);
        if (role == null) throw S3Errors.malformedXml();
        if (rules.isEmpty()) throw S3Errors.malformedXml();
        if (rules.size() > MAX_RULES) {
            throw S3Errors.invalidRequest("The number of replication rules must not exceed the allowed limit of "
                    + MAX_RULES + " rules.");
        }
        Set<String> ids = new HashSet<>();
        Set<Integer> priorities = new HashSet<>();
        Set<String> v1Destinations = new HashSet<>();
        for (Rule r : rules) {
            if (r.id().length() > MAX_ID) {
                throw S3Errors.invalidArgument("The ID length should not exceed allowed limit of " + MAX_ID, "ID", r.id());
            }
            if (!ids.add(r.id())) throw S3Errors.invalidArgument("Rule Id must be unique.", "ID", r.id());
            if (r.v1()) {
                v1Destinations.add(r.destination());
                continue;
            }
            if (r.priority() == null) {
                throw S3Errors.invalidRequest("Priority must be specified for this version of Cross Region Replication"
                        + " configuration schema.Please refer to S3 Developer Guide for more information.");
            }
            if (r.priority() < 0) throw S3Errors.invalidRequest("Priority must be between 0 and 2147483647.");
            if (!priorities.add(r.priority())) throw S3Errors.invalidRequest("Found duplicate priority " + r.priority() + ".");
            if (r.deleteMarkers() == null) {
                throw S3Errors.invalidRequest("DeleteMarkerReplication must be specified for this version of Cross Region"
                        + " Replication configuration schema. Please refer to S3 Developer Guide for more information.");
            }
            if (r.deleteMarkers() && !r.tags().isEmpty()) {
                throw S3Errors.invalidRequest("Delete marker replication is not supported if any Tag filter is specified."
                        + " Please refer to S3 Developer Guide for more information.");
            }
        }
        if (v1Destinations.size() > 1) {
            throw S3Errors.invalidRequest("Number of distinct destination bucket ARNs cannot exceed 1");
        }
        List<Rule> v1 = rules.stream().filter(Rule::v1).toList();
        for (int i = 0; i < v1.size(); i++) {
            for (int j = i + 1; j < v1.size(); j++) {
                String a = v1.get(i).prefix();
                String b = v1.get(j).prefix();
                if (a.startsWith(b) || b.startsWith(a)) {
                    throw S3Errors.invalidRequest("Found overlapping prefixes '" + a + "' and '" + b
                            + "' for same destination bucket '" + BUCKET_ARN + v1.get(i).destination() + "'");
                }
            }
        }
    }

    /** Whether any rule filters by tags: only then must a write look its object's tags up. */
    public boolean filtersByTags() {
        return rules.stream().anyMatch(r -> !r.tags().isEmpty());
    }

    /** The destinations a new version of {@code key} with {@code tags} goes to: per destination, its highest-priority enabled matching rule. */
    public List<Target> targets(String key, Map<String, String> tags) {
        Map<String, Rule> best = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (!r.enabled() || !r.matches(key, tags)) continue;
            best.merge(r.destination(), r, (a, b) -> b.rank() > a.rank() ? b : a);
        }
        List<Target> out = new ArrayList<>();
        for (Rule r : best.values()) out.add(new Target(r.destination(), r.storageClass()));
        return out;
    }

    /**
     * The destinations a delete marker on {@code key} goes to: per destination, the highest-priority enabled rule
     * whose prefix matches decides, and replicates it when its DeleteMarkerReplication is Enabled (always for V1).
     * A marker has no tags, so rules filtering by tags never match it.
     */
    public List<Target> deleteMarkerTargets(String key) {
        Map<String, Rule> best = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (!r.enabled() || !r.matches(key, Map.of())) continue;
            best.merge(r.destination(), r, (a, b) -> b.rank() > a.rank() ? b : a);
        }
        List<Target> out = new ArrayList<>();
        for (Rule r : best.values()) if (r.replicatesDeleteMarkers()) out.add(new Target(r.destination(), null));
        return out;
    }

    /** Every destination bucket named, once each, in rule order. */
    public List<String> destinations() {
        return rules.stream().map(Rule::destination).distinct().toList();
    }
}
