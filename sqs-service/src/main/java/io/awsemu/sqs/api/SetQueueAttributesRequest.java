package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The model shape {@code SetQueueAttributesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetQueueAttributesRequest(
        @JsonProperty("QueueUrl") String queueUrl,
        @JsonProperty("Attributes") Map<String, String> attributes) {}
