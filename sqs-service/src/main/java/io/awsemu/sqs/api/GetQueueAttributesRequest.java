package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The model shape {@code GetQueueAttributesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetQueueAttributesRequest(
        @JsonProperty("QueueUrl") String queueUrl,
        @JsonProperty("AttributeNames") List<String> attributeNames) {}
