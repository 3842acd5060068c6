package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

import java.util.List;
import java.util.Set;

/**
 * A bucket's static website: index and error documents, or a redirect of every request, plus routing
 * rules. Validated as PutBucketWebsite does.
 *
 * @param indexSuffix null only with {@code redirectAll}
 * @param errorKey    null when none
 * @param redirectAll null unless every request is redirected
 */
public record WebsiteConfiguration(String indexSuffix, String errorKey, RedirectAll redirectAll,
                                   List<RoutingRule> routingRules) {
    public static final Set<String> REDIRECT_CODES = Set.of("301", "302", "303", "307", "308");

    public record RedirectAll(String hostName, String protocol) {}

    /** Each member null when not set. */
    public record Redirect(String hostName, String httpRedirectCode, String protocol, String replaceKeyPrefixWith,
                           String replaceKeyWith) {}

    /** The condition members are null when not set; a rule without a condition applies to every request. */
    public record RoutingRule(String keyPrefixEquals, String httpErrorCodeReturnedEquals, Redirect redirect) {
        /** Before the object is looked up: only rules without an error-code condition. */
        public boolean matchesRequest(String key) {
            return httpErrorCodeReturnedEquals == null && (keyPrefixEquals == null || key.startsWith(keyPrefixEquals));
        }

        /** After the lookup failed with {@code status}. */
        public boolean matchesError(String key, int status) {
            return httpErrorCodeReturnedEquals != null && httpErrorCodeReturnedEquals.equals(Integer.toString(status))
                    && (keyPrefixEquals == null || key.startsWith(keyPrefixEquals));
        }

        /** The Location this rule sends {@code key} to; {@code requestHost} when the rule names none. */
        public String location(String key, String requestHost, String requestProtocol) {
            String newKey = key;
            if (redirect.replaceKeyWith() != null) newKey = redirect.replaceKeyWith();
            else if (redirect.replaceKeyPrefixWith() != null) {
                String prefix = keyPrefixEquals == null ? "" : keyPrefixEquals;
                newKey = redirect.replaceKeyPrefixWith() + key.substring(prefix.length());
            }
            String protocol = redirect.protocol() != null ? redirect.protocol() : requestProtocol;
            String host = redirect.hostName() != null ? redirect.hostName() : requestHost;
            return protocol + "://" + host + "/" + newKey;
        }

        public int status() {
            return redirect.httpRedirectCode() == null ? 301 : Integer.parseInt(redirect.httpRedirectCode());
        }
    }

    public WebsiteConfiguration {
        routingRules = routingRules == null ? List.of() : List.copyOf(routingRules);
        if (redirectAll != null) {
            if (indexSuffix != null || errorKey != null || !routingRules.isEmpty()) {
                throw S3Errors.invalidArgument("RedirectAllRequestsTo cannot be provided in conjunction with other"
                        + " Routing Rules.", "RedirectAllRequestsTo", "not null");
            }
            if (redirectAll.hostName() == null || redirectAll.hostName().isEmpty()) throw S3Errors.malformedXml();
            checkProtocol(redirectAll.protocol());
        } else {
            if (indexSuffix == null) {
                throw S3Errors.invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo"
                        + " is empty", "IndexDocument", null);
            }
            if (indexSuffix.isEmpty() || indexSuffix.contains("/")) {
                throw S3Errors.invalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument", indexSuffix);
            }
            if (errorKey != null && errorKey.isEmpty()) {
                throw S3Errors.invalidArgument("The ErrorDocument Key is not well formed", "ErrorDocument", errorKey);
            }
        }
        for (RoutingRule r : routingRules) {
            Redirect d = r.redirect();
            if (d == null) throw S3Errors.malformedXml();
            if (d.replaceKeyPrefixWith() != null && d.replaceKeyWith() != null) {
                throw S3Errors.invalidRequest("You can only define ReplaceKeyPrefix or ReplaceKey but not both.");
            }
            checkProtocol(d.protocol());
            if (d.httpRedirectCode() != null && !REDIRECT_CODES.contains(d.httpRedirectCode())) {
                throw S3Errors.invalidRequest("The provided HTTP redirect code (" + d.httpRedirectCode()
                        + ") is not valid. Valid codes are 3XX except 300.");
            }
            if (r.httpErrorCodeReturnedEquals() != null && !r.httpErrorCodeReturnedEquals().matches("[45]\\d\\d")) {
                throw S3Errors.invalidRequest("The provided HTTP error code (" + r.httpErrorCodeReturnedEquals()
                        + ") is not valid. Valid codes are 4XX or 5XX.");
            }
        }
    }

    private static void checkProtocol(String p) {
        if (p != null && !p.equals("http") && !p.equals("https")) {
            throw S3Errors.invalidRequest("Invalid protocol, protocol can be http or https. If not defined the protocol"
                    + " will be selected automatically.");
        }
    }
}
