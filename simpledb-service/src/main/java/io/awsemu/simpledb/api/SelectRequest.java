package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code SelectRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SelectRequest(
        @JsonProperty("SelectExpression") String selectExpression,
        @JsonProperty("NextToken") String nextToken,
        @JsonProperty("ConsistentRead") Boolean consistentRead) {}
