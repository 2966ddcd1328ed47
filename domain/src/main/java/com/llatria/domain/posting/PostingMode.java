package com.llatria.domain.posting;

import java.util.Locale;

/**
 * How a listing gets onto its platform: through the platform's API by our jobs, or by the
 * seller's own hands with a listing package we prepare (Facebook Marketplace has no listing API
 * for individual sellers), confirmed back to us.
 */
public enum PostingMode {
    API, ASSISTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
