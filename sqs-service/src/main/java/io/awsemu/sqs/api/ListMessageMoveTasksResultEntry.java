package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The model shape {@code ListMessageMoveTasksResultEntry}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListMessageMoveTasksResultEntry(
        @JsonProperty("TaskHandle") String taskHandle,
        @JsonProperty("Status") String status,
        @JsonProperty("SourceArn") String sourceArn,
        @JsonProperty("DestinationArn") String destinationArn,
        @JsonProperty("MaxNumberOfMessagesPerSecond") Integer maxNumberOfMessagesPerSecond,
        @JsonProperty("ApproximateNumberOfMessagesMoved") Long approximateNumberOfMessagesMoved,
        @JsonProperty("ApproximateNumberOfMessagesToMove") Long approximateNumberOfMessagesToMove,
        @JsonProperty("FailureReason") String failureReason,
        @JsonProperty("StartedTimestamp") Long startedTimestamp) {}
