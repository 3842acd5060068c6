package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code ChangeMessageVisibilityRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeMessageVisibilityRequest(
        @JsonProperty("QueueUrl") String queueUrl,
        @JsonProperty("ReceiptHandle") String receiptHandle,
        @JsonProperty("VisibilityTimeout") Integer visibilityTimeout) {}
