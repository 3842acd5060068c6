package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code SendMessageResult}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessageResult(
        @JsonProperty("MD5OfMessageBody") String md5OfMessageBody,
        @JsonProperty("MD5OfMessageAttributes") String md5OfMessageAttributes,
        @JsonProperty("MD5OfMessageSystemAttributes") String md5OfMessageSystemAttributes,
        @JsonProperty("MessageId") String messageId,
        @JsonProperty("SequenceNumber") String sequenceNumber) {}
