package org.foundryrelay.http;

import java.util.List;

/**
 * One endpoint a feature serves itself (not a forwarded route row), as the OpenAPI document lists it. A
 * test checks that every route the server registers is described by a row or one of these.
 *
 * @param scope    the scope a key needs (its wire name), or null
 * @param produces the response's content type
 * @param query    the query parameters it reads
 */
public record ApiDoc(String method, String path, String tag, String summary, Access access, String scope, String produces,
                     List<String> query) {

    /** What a caller must present. */
    public enum Access {
        /** Nothing: health, pairing calls the module makes, pages. */
        OPEN,
        /** A scoped API key ({@code x-api-key} or {@code Authorization: Bearer}). */
        API_KEY,
        /** A signed-in account's session token ({@code Authorization: Bearer}). */
        SIGNED_IN,
        /** The {@code METRICS_TOKEN} as a bearer token. */
        METRICS_TOKEN
    }

    public static final String JSON = "application/json";

    /** A JSON endpoint with no query parameters. */
    public static ApiDoc json(String method, String path, String tag, String summary, Access access) {
        return new ApiDoc(method, path, tag, summary, access, null, JSON, List.of());
    }
}
