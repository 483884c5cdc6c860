package org.jinku.web.rest;

/**
 * Marks a JAX-RS resource of the Jinku API. The OpenAPI document ({@code /jinku/api/openapi.json}) is built from
 * the services registered under this interface, so every route is in it.
 */
public interface ApiResource {
}
