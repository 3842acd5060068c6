package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code ListDeadLetterSourceQueuesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListDeadLetterSourceQueuesRequest(
        @JsonProperty("QueueUrl") String queueUrl,
        @JsonProperty("NextToken") String nextToken,
        @JsonProperty("MaxResults") Integer maxResults) {}
