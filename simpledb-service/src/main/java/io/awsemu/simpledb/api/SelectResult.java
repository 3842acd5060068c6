package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The model shape {@code SelectResult}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SelectResult(
        @JsonProperty("Items") List<Item> items,
        @JsonProperty("NextToken") String nextToken) {}
