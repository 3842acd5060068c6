package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The model shape {@code GetAttributesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetAttributesRequest(
        @JsonProperty("DomainName") String domainName,
        @JsonProperty("ItemName") String itemName,
        @JsonProperty("AttributeNames") List<String> attributeNames,
        @JsonProperty("ConsistentRead") Boolean consistentRead) {}
