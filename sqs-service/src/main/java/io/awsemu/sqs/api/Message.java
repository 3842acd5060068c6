package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The model shape {@code Message}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
        @JsonProperty("MessageId") String messageId,
        @JsonProperty("ReceiptHandle") String receiptHandle,
        @JsonProperty("MD5OfBody") String md5OfBody,
        @JsonProperty("Body") String body,
        @JsonProperty("Attributes") Map<String, String> attributes,
        @JsonProperty("MD5OfMessageAttributes") String md5OfMessageAttributes,
        @JsonProperty("MessageAttributes") Map<String, MessageAttributeValue> messageAttributes) {}
