package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The model shape {@code AddPermissionRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddPermissionRequest(
        @JsonProperty("QueueUrl") String queueUrl,
        @JsonProperty("Label") String label,
        @JsonProperty("AWSAccountIds") List<String> awsAccountIds,
        @JsonProperty("Actions") List<String> actions) {}
