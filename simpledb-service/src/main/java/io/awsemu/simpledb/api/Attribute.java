package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code Attribute}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attribute(
        @JsonProperty("Name") String name,
        @JsonProperty("AlternateNameEncoding") String alternateNameEncoding,
        @JsonProperty("Value") String value,
        @JsonProperty("AlternateValueEncoding") String alternateValueEncoding) {}
