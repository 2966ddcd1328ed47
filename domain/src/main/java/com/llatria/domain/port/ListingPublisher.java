package com.llatria.domain.port;

import com.llatria.domain.posting.Listing;
import com.llatria.domain.posting.ListingOutcome;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;

import java.util.Optional;

/**
 * Puts listings on one platform and takes them down. Every call must be safe to repeat: the
 * listing is named by {@link Listing#sku()}, and a publish that finds what an earlier attempt
 * created reuses it rather than creating a second listing.
 */
public interface ListingPublisher {
    Platform platform();

    /**
     * Creates or revises the listing. {@code externalRef} is what an earlier attempt stored (an
     * eBay offer id), if anything; the outcome carries the one to store now.
     */
    ListingOutcome publish(PlatformAccess access, Listing listing, Optional<String> externalRef);

    /** Ends the listing named by {@code sku}; one that is already gone counts as removed. */
    ListingOutcome remove(PlatformAccess access, String sku, Optional<String> externalRef);
}
