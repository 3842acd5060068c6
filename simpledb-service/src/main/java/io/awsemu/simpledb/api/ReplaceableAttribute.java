package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;


/** The model shape {@code ReplaceableAttribute}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplaceableAttribute(
        @JsonProperty("Name") String name,
        @JsonProperty("Value") String value,
        @JsonProperty("Replace") Boolean replace) {}
