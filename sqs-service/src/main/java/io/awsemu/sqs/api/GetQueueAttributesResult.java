package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The model shape {@code GetQueueAttributesResult}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetQueueAttributesResult(
        @JsonProperty("Attributes") Map<String, String> attributes) {}
