package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The model shape {@code Item}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Item(
        @JsonProperty("Name") String name,
        @JsonProperty("AlternateNameEncoding") String alternateNameEncoding,
        @JsonProperty("Attributes") List<Attribute> attributes) {}
