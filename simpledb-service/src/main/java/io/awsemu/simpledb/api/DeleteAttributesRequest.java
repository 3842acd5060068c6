package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The model shape {@code DeleteAttributesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteAttributesRequest(
        @JsonProperty("DomainName") String domainName,
        @JsonProperty("ItemName") String itemName,
        @JsonProperty("Attributes") List<Attribute> attributes,
        @JsonProperty("Expected") UpdateCondition expected) {}
