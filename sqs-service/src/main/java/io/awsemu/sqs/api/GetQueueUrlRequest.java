package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code GetQueueUrlRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetQueueUrlRequest(
        @JsonProperty("QueueName") String queueName,
        @JsonProperty("QueueOwnerAWSAccountId") String queueOwnerAWSAccountId) {}
