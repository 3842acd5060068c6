package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The model shape {@code StartMessageMoveTaskRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartMessageMoveTaskRequest(
        @JsonProperty("SourceArn") String sourceArn,
        @JsonProperty("DestinationArn") String destinationArn,
        @JsonProperty("MaxNumberOfMessagesPerSecond") Integer maxNumberOfMessagesPerSecond) {}
