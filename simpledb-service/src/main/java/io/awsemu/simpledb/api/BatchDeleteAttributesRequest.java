package io.awsemu.simpledb.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The model shape {@code BatchDeleteAttributesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchDeleteAttributesRequest(
        @JsonProperty("DomainName") String domainName,
        @JsonProperty("Items") List<DeletableItem> items) {}
