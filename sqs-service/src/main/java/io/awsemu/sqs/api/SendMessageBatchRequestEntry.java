package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The model shape {@code SendMessageBatchRequestEntry}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessageBatchRequestEntry(
        @JsonProperty("Id") String id,
        @JsonProperty("MessageBody") String messageBody,
        @JsonProperty("DelaySeconds") Integer delaySeconds,
        @JsonProperty("MessageAttributes") Map<String, MessageAttributeValue> messageAttributes,
        @JsonProperty("MessageSystemAttributes") Map<String, MessageSystemAttributeValue> messageSystemAttributes,
        @JsonProperty("MessageDeduplicationId") String messageDeduplicationId,
        @JsonProperty("MessageGroupId") String messageGroupId) {}
