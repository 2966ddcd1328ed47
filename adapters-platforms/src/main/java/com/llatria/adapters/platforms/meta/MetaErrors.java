package com.llatria.adapters.platforms.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.domain.posting.ListingOutcome;
import com.llatria.domain.posting.ListingOutcome.Failure;

/**
 * Graph API errors by code: 1, 2 transient; 4, 17, 341 throttling (back off); 190 token gone
 * (reconnect: Meta tokens have no refresh); 10 and 200-299 permission missing; 368 policy block.
 */
final class MetaErrors {
    private MetaErrors() {
    }

    static ListingOutcome.Failed of(PlatformHttp.Response response) {
        JsonNode error = response.body().path("error");
        int code = error.path("code").asInt(0);
        String message = PlatformHttp.cleanText(error.path("message").asText(""), 500).orElse("HTTP " + response.status());
        if (code == 190) {
            return ListingOutcome.Failed.of(Failure.RECONNECT, "Facebook no longer accepts this connection (" + message
                    + "); connect Facebook again");
        }
        if (code == 1 || code == 2 || code == 4 || code == 17 || code == 341 || response.status() >= 500 || response.status() == 429) {
            return ListingOutcome.Failed.of(Failure.TRANSIENT, "Facebook is busy or had a problem (" + message + "); trying again later");
        }
        if (code == 10 || (code >= 200 && code <= 299)) {
            return ListingOutcome.Failed.of(com.llatria.domain.posting.PostingProblem.RECONNECT, Failure.PERMANENT, "Facebook says this app may not manage the catalog (" + message
                    + "); connect Facebook again and allow catalog access");
        }
        if (code == 368) {
            return ListingOutcome.Failed.of(Failure.PERMANENT, "Facebook blocked this for its policies: " + message);
        }
        return ListingOutcome.Failed.of(Failure.PERMANENT, "Facebook refused the item: " + message);
    }
}
