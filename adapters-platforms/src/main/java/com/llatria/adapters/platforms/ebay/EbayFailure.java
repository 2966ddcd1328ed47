package com.llatria.adapters.platforms.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.domain.posting.ListingOutcome;
import com.llatria.domain.posting.ListingOutcome.Failure;

import java.util.Optional;
import java.util.Set;

/**
 * An eBay error response, sorted by the contract's categories: SYSTEM (and 5xx, 429) is
 * retried, REQUEST and APPLICATION are not, 401 / errorId 1001 means refresh the token.
 */
final class EbayFailure extends Exception {
    static final int OFFER_EXISTS = 25002;
    /** Not found, offer not published: what a take-down or a reuse may meet and treat as "already gone". */
    private static final Set<Integer> GONE = Set.of(25710, 25713, 25702);

    private final Failure kind;
    private final boolean unusable;
    private final int status;
    private final int errorId;
    private final transient JsonNode error;

    private EbayFailure(Failure kind, String message, int status, int errorId, JsonNode error) {
        this(kind, false, message, status, errorId, error);
    }

    private EbayFailure(Failure kind, boolean unusable, String message, int status, int errorId, JsonNode error) {
        super(message, null, false, false);
        this.kind = kind;
        this.unusable = unusable;
        this.status = status;
        this.errorId = errorId;
        this.error = error;
    }

    static EbayFailure transientFailure(String message) {
        return new EbayFailure(Failure.TRANSIENT, message, 0, 0, null);
    }

    static EbayFailure permanent(String message) {
        return new EbayFailure(Failure.PERMANENT, message, 0, 0, null);
    }

    /** eBay answered something that cannot be used as it is (not eBay refusing): a listing may exist. */
    static EbayFailure unusable(String message) {
        return new EbayFailure(Failure.PERMANENT, true, message, 0, 0, null);
    }

    static EbayFailure from(PlatformHttp.Response response) {
        JsonNode first = response.body().path("errors").path(0);
        int errorId = first.path("errorId").asInt(0);
        String category = first.path("category").asText("");
        int status = response.status();
        String words = first.isMissingNode() ? "HTTP " + status : describe(first);
        Failure kind;
        if (status == 401 || errorId == 1001) {
            kind = Failure.TOKEN_EXPIRED;
        } else if (status >= 500 || status == 429 || "SYSTEM".equals(category) || (status == 404 && first.isMissingNode())) {
            // A 404 without eBay's error body came from something in between (an edge, a wrong
            // base path), not from eBay saying "not found": it proves nothing; try again.
            kind = Failure.TRANSIENT;
        } else {
            kind = Failure.PERMANENT;
        }
        String message = switch (kind) {
            case TOKEN_EXPIRED -> "eBay refused the access token: " + words;
            case TRANSIENT -> "eBay had a problem on its side (" + words + "); trying again later";
            default -> "eBay refused the listing: " + words;
        };
        return new EbayFailure(kind, message, status, errorId, first.isMissingNode() ? null : first);
    }

    /** "longMessage (error 25005)", falling back to the short message; cleaned and cut to a readable length. */
    static String describe(JsonNode error) {
        String text = error.path("longMessage").asText("");
        if (text.isBlank()) text = error.path("message").asText("no message");
        String id = error.path("errorId").asText("").replaceAll("[^0-9]", "");
        return PlatformHttp.cleanText(text, 500).orElse("no message") + (id.isEmpty() ? "" : " (error " + id + ")");
    }

    ListingOutcome.Failure kind() {
        return kind;
    }

    int status() {
        return status;
    }

    /** eBay's own words for the error, with its id. */
    String words() {
        return error == null ? "HTTP " + status : describe(error);
    }

    /** Only eBay's own "not found" (in its error body) proves a listing is gone. */
    boolean gone() {
        return error != null && GONE.contains(errorId);
    }

    Optional<String> existingOfferId() {
        if (errorId != OFFER_EXISTS || error == null) return Optional.empty();
        for (JsonNode p : error.path("parameters")) {
            if ("offerId".equals(p.path("name").asText())) return Optional.of(p.path("value").asText());
        }
        return Optional.empty();
    }

    ListingOutcome.Failed outcome(Optional<String> externalRef) {
        ListingOutcome.Failed failed = new ListingOutcome.Failed(kind, getMessage(), externalRef);
        return unusable ? failed.because(com.llatria.domain.posting.PostingProblem.UNUSABLE_ANSWER) : failed;
    }
}
