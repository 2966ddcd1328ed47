package com.llatria.adapters.persistence.contract;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.item.Item;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingState;
import com.llatria.domain.posting.RetryPolicy;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Postings and the job queue they double as. */
public abstract class PostingRepositoryContract extends PersistenceContract {
    static final Instant T = Instant.parse("2026-11-25T10:00:00.123456Z");

    Item item(UserId owner) {
        Item item = Items.anItem().ownedBy(owner).build();
        persistence.items().insert(item);
        return item;
    }

    PlatformPosting posting(UserId owner, Item item, Platform platform, PostingState state) {
        PlatformPosting p = PlatformPosting.idle(new PostingId(UUID.randomUUID()), owner, item.id(), platform, PostingMode.API)
                .in(state, 7);
        persistence.transactions().inTransaction(() -> {
            persistence.postings().save(p);
            return null;
        });
        return p;
    }

    @Test
    void every_state_comes_back_as_it_was_saved() {
        UserId ann = aUser();
        Item lamp = item(ann);
        List<PostingState> states = List.of(new PostingState.Idle(), new PostingState.Posting(2, T, Optional.of("L-1")),
                new PostingState.Posted("L-1", Optional.of("https://www.ebay.com/itm/L-1"), T),
                new PostingState.Failed("eBay refused", 3, T, Optional.of(T.plusSeconds(60)), Optional.empty()),
                new PostingState.Failed("gave up", 8, T, Optional.empty(), Optional.of("L-2")),
                new PostingState.Removing(Optional.of("L-1"), T, 2, Optional.of("500"), T.plusSeconds(90)),
                new PostingState.Removing(Optional.empty(), T, 0, Optional.empty(), T),
                // the listing's address stays while it is revised, retried or taken down
                new PostingState.Posting(1, T, Optional.of("L-1"), Optional.of("https://www.ebay.com/itm/L-1")),
                new PostingState.Failed("503", 1, T, Optional.of(T.plusSeconds(30)), Optional.of("L-1"), Optional.of("https://www.ebay.com/itm/L-1")),
                new PostingState.Removing(Optional.of("L-1"), T, 1, Optional.of("500"), T.plusSeconds(30), Optional.of("https://www.ebay.com/itm/L-1")));
        PlatformPosting posting = posting(ann, lamp, Platform.EBAY, new PostingState.Idle())
                .withExternalRef(Optional.of("9454717010")).withWarnings(List.of("Brand recommended")).withCategoryId(Optional.of("11483"));
        for (PostingState state : states) {
            PlatformPosting next = posting.in(state, 9);
            persistence.transactions().inTransaction(() -> {
                persistence.postings().save(next);
                return null;
            });
            assertThat(persistence.postings().find(ann, lamp.id(), Platform.EBAY)).contains(next);
        }
    }

    @Test
    void another_owner_sees_none_and_cannot_overwrite() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item lamp = item(ann);
        PlatformPosting posting = posting(ann, lamp, Platform.EBAY, new PostingState.Idle());

        assertThat(persistence.postings().find(bob, lamp.id(), Platform.EBAY)).isEmpty();
        assertThat(persistence.postings().find(bob, posting.id())).isEmpty();
        assertThat(persistence.postings().forItem(bob, lamp.id())).isEmpty();
        assertThat(persistence.postings().forItems(bob, List.of(lamp.id())).get(lamp.id())).isEmpty();
        try {
            persistence.transactions().inTransaction(() -> {
                persistence.postings().save(new PlatformPosting(posting.id(), bob, lamp.id(), Platform.EBAY, PostingMode.API,
                        new PostingState.Posting(1, T, Optional.empty()), Optional.empty(), List.of(), Optional.empty(), 9));
                return null;
            });
        } catch (RuntimeException refused) {
            // refusing loudly is fine too; what matters is that nothing changed
        }
        assertThat(persistence.postings().find(ann, posting.id())).contains(posting);
    }

    @Test
    void postings_of_several_items_come_in_one_call_ordered_by_platform() {
        UserId ann = aUser();
        Item lamp = item(ann);
        Item chair = item(ann);
        PlatformPosting fb = posting(ann, lamp, Platform.FACEBOOK, new PostingState.Idle());
        PlatformPosting ebay = posting(ann, lamp, Platform.EBAY, new PostingState.Idle());

        var byItem = persistence.postings().forItems(ann, List.of(lamp.id(), chair.id()));

        assertThat(byItem.get(lamp.id())).containsExactly(ebay, fb);
        assertThat(byItem.get(chair.id())).isEmpty();
    }

    @Test
    void the_items_with_live_postings_are_the_owners_with_one_posting_posted_or_in_error() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item posting = item(ann);
        Item posted = item(ann);
        Item failed = item(ann);
        Item removing = item(ann);
        Item idle = item(ann);
        Item bobs = item(bob);
        posting(ann, posting, Platform.EBAY, new PostingState.Posting(1, T, Optional.empty()));
        posting(ann, posted, Platform.EBAY, new PostingState.Posted("L-1", Optional.empty(), T));
        posting(ann, posted, Platform.FACEBOOK, new PostingState.Posted("L-2", Optional.empty(), T));
        posting(ann, failed, Platform.EBAY, new PostingState.Failed("no", 1, T, Optional.of(T.plusSeconds(60)), Optional.empty()));
        posting(ann, removing, Platform.EBAY, new PostingState.Removing(Optional.of("L-3"), T, 0, Optional.empty(), T));
        posting(ann, idle, Platform.EBAY, new PostingState.Idle());
        posting(bob, bobs, Platform.EBAY, new PostingState.Posted("L-4", Optional.empty(), T));

        assertThat(persistence.postings().itemsWithLivePostings(ann))
                .containsExactlyInAnyOrder(posting.id(), posted.id(), failed.id());
        assertThat(persistence.postings().itemsWithLivePostings(bob)).containsExactly(bobs.id());
        assertThat(persistence.postings().itemsWithLivePostings(aUser())).isEmpty();
    }

    @Test
    void a_claim_leases_due_jobs_once_until_the_lease_ends_or_is_released() {
        UserId ann = aUser();
        PlatformPosting due = posting(ann, item(ann), Platform.EBAY, new PostingState.Posting(1, T, Optional.empty()));
        posting(ann, item(ann), Platform.EBAY, new PostingState.Posting(1, T.plusSeconds(600), Optional.empty()));
        posting(ann, item(ann), Platform.EBAY, new PostingState.Posted("L", Optional.empty(), T));
        posting(ann, item(ann), Platform.EBAY, new PostingState.Failed("refused", 1, T, Optional.empty(), Optional.empty()));
        Instant now = T.plusSeconds(1);

        List<PlatformPosting> first = persistence.postingJobs().claim("a", now, now.plusSeconds(60), 10);
        List<PlatformPosting> second = persistence.postingJobs().claim("b", now, now.plusSeconds(60), 10);
        List<PlatformPosting> afterLease = persistence.postingJobs().claim("b", now.plusSeconds(61), now.plusSeconds(120), 10);

        assertThat(first).containsExactly(due);
        assertThat(second).isEmpty();
        assertThat(afterLease).containsExactly(due);
        assertThat(inTx(() -> persistence.postingJobs().leased(due.id(), "a"))).isEmpty();
        assertThat(inTx(() -> persistence.postingJobs().leased(due.id(), "b"))).contains(due);
        assertThat(persistence.postingJobs().release(due.id(), "a")).isFalse();
        assertThat(persistence.postingJobs().release(due.id(), "b")).isTrue();
        assertThat(persistence.postingJobs().claim("c", now.plusSeconds(62), now.plusSeconds(120), 10)).containsExactly(due);
    }

    @Test
    void a_renewed_lease_keeps_the_job_from_other_claimers_and_only_its_holder_can_renew() {
        UserId ann = aUser();
        PlatformPosting due = posting(ann, item(ann), Platform.EBAY, new PostingState.Posting(1, T, Optional.empty()));
        persistence.postingJobs().claim("a", T, T.plusSeconds(60), 10);

        assertThat(persistence.postingJobs().renew(due.id(), "a", T.plusSeconds(120))).isTrue();
        assertThat(persistence.postingJobs().renew(due.id(), "b", T.plusSeconds(500))).isFalse();
        assertThat(persistence.postingJobs().claim("b", T.plusSeconds(90), T.plusSeconds(150), 10)).as("renewed").isEmpty();
        assertThat(persistence.postingJobs().claim("b", T.plusSeconds(121), T.plusSeconds(180), 10)).containsExactly(due);
        assertThat(persistence.postingJobs().renew(due.id(), "a", T.plusSeconds(300))).as("taken over: a may not renew").isFalse();
    }

    @Test
    void a_saved_state_change_keeps_the_lease_and_moves_the_due_time() {
        UserId ann = aUser();
        PlatformPosting posting = posting(ann, item(ann), Platform.EBAY, new PostingState.Posting(1, T, Optional.empty()));
        persistence.postingJobs().claim("a", T, T.plusSeconds(60), 10);

        PlatformPosting failed = posting.in(((PostingState.Posting) posting.state()).failed("503", T, RetryPolicy.DEFAULT), 8);
        inTx(() -> {
            persistence.postings().save(failed);
            return null;
        });

        assertThat(inTx(() -> persistence.postingJobs().leased(posting.id(), "a"))).as("the saved state, still leased").contains(failed);
        persistence.postingJobs().release(posting.id(), "a");
        assertThat(persistence.postingJobs().claim("a", T.plusSeconds(29), T.plusSeconds(90), 10)).isEmpty();
        assertThat(persistence.postingJobs().nextDue()).contains(T.plus(Duration.ofSeconds(30)));
        assertThat(persistence.postingJobs().claim("a", T.plusSeconds(30), T.plusSeconds(90), 10)).containsExactly(failed);
    }

    <R> R inTx(java.util.function.Supplier<R> work) {
        return persistence.transactions().inTransaction(work);
    }
}
