package com.llatria.application.posting;

import com.llatria.domain.posting.ListingOutcome;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.Platform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PostingWorkerBoundsTest {
    @Test
    void a_listing_id_no_posting_row_holds_is_a_refusal_that_says_the_listing_may_be_live_and_keeps_the_reference() {
        ListingOutcome out = PostingWorker.bounded(new ListingOutcome.Published("9".repeat(3000), Optional.of("https://x"),
                Optional.of("SKU-1"), List.of()), Platform.FACEBOOK);

        assertThat(out).isInstanceOf(ListingOutcome.Failed.class);
        ListingOutcome.Failed failed = (ListingOutcome.Failed) out;
        assertThat(failed.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(failed.message()).contains("may be live on Facebook").contains("3000 characters");
        assertThat(failed.externalRef()).contains("SKU-1");
    }

    @Test
    void an_address_or_reference_no_row_holds_is_dropped_and_the_listing_kept() {
        ListingOutcome out = PostingWorker.bounded(new ListingOutcome.Published("110553512345",
                Optional.of("https://www.ebay.com/itm/" + "1".repeat(600)), Optional.of("ref\u0000"), List.of("w")), Platform.EBAY);

        assertThat(out).isEqualTo(new ListingOutcome.Published("110553512345", Optional.empty(), Optional.empty(), List.of("w")));
        assertThat(PostingWorker.bounded(new ListingOutcome.Failed(Failure.TRANSIENT, "down", Optional.of("x".repeat(101))), Platform.EBAY))
                .isEqualTo(new ListingOutcome.Failed(Failure.TRANSIENT, "down", Optional.empty()));
    }
}
