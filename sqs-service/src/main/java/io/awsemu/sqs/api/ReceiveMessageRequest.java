package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The model shape {@code ReceiveMessageRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiveMessageRequest(
        @JsonProperty("QueueUrl") String queueUrl,
        @JsonProperty("AttributeNames") List<String> attributeNames,
        @JsonProperty("MessageSystemAttributeNames") List<String> messageSystemAttributeNames,
        @JsonProperty("MessageAttributeNames") List<String> messageAttributeNames,
        @JsonProperty("MaxNumberOfMessages") Integer maxNumberOfMessages,
        @JsonProperty("VisibilityTimeout") Integer visibilityTimeout,
        @JsonProperty("WaitTimeSeconds") Integer waitTimeSeconds,
        @JsonProperty("ReceiveRequestAttemptId") String receiveRequestAttemptId) {}
