package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code ListQueuesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListQueuesRequest(
        @JsonProperty("QueueNamePrefix") String queueNamePrefix,
        @JsonProperty("NextToken") String nextToken,
        @JsonProperty("MaxResults") Integer maxResults) {}
