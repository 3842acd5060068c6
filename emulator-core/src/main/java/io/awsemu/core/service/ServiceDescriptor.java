package io.awsemu.core.service;

import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.Protocol;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the front end needs to find a service and speak to it. Built by each plugin; holds no logic.
 *
 * @param serviceId        botocore name: s3, sqs, ec2, sdb, rds, cloudfront
 * @param signingNames     SigV4 credential-scope service names routed here
 * @param protocols        wire protocols, the model's own first (SQS: JSON_1_0, QUERY)
 * @param models           classpath resources of botocore models, one per protocol in {@code protocols}
 *                         order (empty for S3, whose routes are hand-written)
 * @param queryApiVersions {@code Version=} values answered (Action+Version routing of SigV2 clients)
 * @param targetPrefixes   JSON {@code X-Amz-Target} prefixes before the dot ("AmazonSQS")
 * @param hostLabels       first Host labels that name the service ("sqs" in sqs.us-east-1.localhost)
 * @param pathRule         requests this service claims by path alone (SQS queue URLs, CloudFront's
 *                         /2020-05-31/); evaluated after the signing scope and X-Amz-Target
 */
public record ServiceDescriptor(
        String serviceId,
        Set<String> signingNames,
        List<Protocol> protocols,
        List<String> models,
        Set<String> queryApiVersions,
        Set<String> targetPrefixes,
        Set<String> hostLabels,
        Predicate<HttpRequestHead> pathRule) {

    public static Builder builder(String serviceId) { return new Builder(serviceId); }

    public Protocol primaryProtocol() { return protocols.get(0); }

    public static final class Builder {
        private final String serviceId;
        private Set<String> signingNames = Set.of();
        private List<Protocol> protocols = List.of();
        private List<String> models = List.of();
        private Set<String> versions = Set.of();
        private Set<String> targetPrefixes = Set.of();
        private Set<String> hostLabels = Set.of();
        private Predicate<HttpRequestHead> pathRule = h -> false;

        private Builder(String serviceId) {
            this.serviceId = serviceId;
            this.signingNames = Set.of(serviceId);
            this.hostLabels = Set.of(serviceId);
        }

        public Builder signingNames(String... names) { signingNames = Set.of(names); return this; }
        public Builder protocols(Protocol... p) { protocols = List.of(p); return this; }
        public Builder models(String... resources) { models = List.of(resources); return this; }
        public Builder queryApiVersions(String... v) { versions = Set.of(v); return this; }
        public Builder targetPrefixes(String... p) { targetPrefixes = Set.of(p); return this; }
        public Builder hostLabels(String... l) { hostLabels = Set.of(l); return this; }
        public Builder pathRule(Predicate<HttpRequestHead> rule) { pathRule = rule; return this; }

        public ServiceDescriptor build() {
            if (protocols.isEmpty()) throw new IllegalStateException(serviceId + ": no protocol");
            return new ServiceDescriptor(serviceId, signingNames, protocols, models, versions,
                    targetPrefixes, hostLabels, pathRule);
        }
    }
}
