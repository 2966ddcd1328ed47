package com.llatria.domain.posting;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PostingStateTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(10));

    private static final PostingState IDLE = new PostingState.Idle();
    private static final PostingState POSTING = new PostingState.Posting(1, T, Optional.empty());
    private static final PostingState POSTED = new PostingState.Posted("110553512345", Optional.of("https://ebay.example/itm/1"), T);
    private static final PostingState FAILED = new PostingState.Failed("503 from eBay", 2, T, Optional.of(T.plusSeconds(60)), Optional.empty());
    private static final PostingState REMOVING = new PostingState.Removing(Optional.of("110553512345"), T, 0, Optional.empty(), T);

    private static final List<PostingEvent> EVENTS = List.of(
            new PostingEvent.Post(T), new PostingEvent.Succeeded("L-1", Optional.empty(), T),
            new PostingEvent.Failed("boom", T, POLICY), new PostingEvent.Rejected("no", T), new PostingEvent.Retry(T),
            new PostingEvent.Update(T), new PostingEvent.Remove(T), new PostingEvent.RemovalFailed("down", T, POLICY),
            new PostingEvent.Removed());

    /** The whole machine: for each state, the events it takes and the state each leads to. */
    private static final Map<PostingState, Map<Class<?>, String>> ALLOWED = Map.of(
            IDLE, Map.of(PostingEvent.Post.class, "posting"),
            POSTING, Map.of(PostingEvent.Succeeded.class, "posted", PostingEvent.Failed.class, "error",
                    PostingEvent.Rejected.class, "error", PostingEvent.Remove.class, "removing"),
            POSTED, Map.of(PostingEvent.Update.class, "posting", PostingEvent.Remove.class, "removing"),
            FAILED, Map.of(PostingEvent.Retry.class, "posting", PostingEvent.Remove.class, "removing"),
            REMOVING, Map.of(PostingEvent.Removed.class, "idle", PostingEvent.RemovalFailed.class, "removing"));

    @Test
    void a_listings_address_stays_with_it_while_it_is_revised_retried_or_taken_down() {
        Optional<String> url = Optional.of("https://www.facebook.com/marketplace/item/123456789012345/");
        PostingState.Posted posted = new PostingState.Posted("123456789012345", url, T);

        PostingState.Posting revising = posted.update(T);
        assertThat(revising.url()).isEqualTo(url);
        PostingState.Failed failed = revising.failed("503", T, POLICY);
        assertThat(failed.url()).isEqualTo(url);
        assertThat(failed.retry(T).url()).isEqualTo(url);
        assertThat(revising.rejected("no", T).remove(T).url()).isEqualTo(url);
        PostingState.Removing removing = posted.remove(T);
        assertThat(removing.url()).isEqualTo(url);
        assertThat(removing.failed("500", T, POLICY).url()).isEqualTo(url);
        assertThat(new PostingState.Idle().post(T).url()).as("a new listing has no address yet").isEmpty();
    }

    @Test
    void every_state_takes_exactly_its_events_and_refuses_the_rest() {
        for (PostingState state : ALLOWED.keySet()) {
            for (PostingEvent event : EVENTS) {
                PostingTransition result = state.on(event);
                String expected = ALLOWED.get(state).get(event.getClass());
                if (expected == null) {
                    assertThat(result).as("%s + %s", state.wireName(), event).isInstanceOf(PostingTransition.Refused.class);
                    assertThat(((PostingTransition.Refused) result).reason()).contains(state.wireName());
                } else {
                    assertThat(result).as("%s + %s", state.wireName(), event).isInstanceOf(PostingTransition.Moved.class);
                    assertThat(((PostingTransition.Moved) result).next().wireName()).isEqualTo(expected);
                }
            }
        }
        assertThat(Set.of(IDLE, POSTING, POSTED, FAILED, REMOVING).stream().map(PostingState::wireName))
                .containsExactlyInAnyOrder("idle", "posting", "posted", "error", "removing");
    }

    @Test
    void a_failure_counts_attempts_and_schedules_the_retry_with_backoff() {
        PostingState.Posting first = new PostingState.Idle().post(T);
        PostingState.Failed failedOnce = first.failed("timeout", T, POLICY);
        PostingState.Failed failedTwice = failedOnce.retry(T.plusSeconds(30)).failed("timeout", T.plusSeconds(31), POLICY);

        assertThat(failedOnce.attempts()).isEqualTo(1);
        assertThat(failedOnce.nextRetryAt()).contains(T.plusSeconds(30));
        assertThat(failedTwice.attempts()).isEqualTo(2);
        assertThat(failedTwice.nextRetryAt()).contains(T.plusSeconds(31 + 60));
        assertThat(failedTwice.message()).isEqualTo("timeout");
    }

    @Test
    void backoff_stops_growing_at_the_cap() {
        assertThat(POLICY.nextRetry(T, 50)).isEqualTo(T.plus(Duration.ofMinutes(10)));
    }

    @Test
    void updating_a_live_listing_remembers_it_through_failures_so_a_retry_cannot_create_a_second_one() {
        PostingState.Posted posted = new PostingState.Posted("L-9", Optional.empty(), T);

        PostingState.Posting retry = posted.update(T).failed("500", T, POLICY).retry(T.plusSeconds(30));

        assertThat(retry.listingId()).contains("L-9");
        assertThat(retry.attempt()).isEqualTo(2);
    }

    @Test
    void removing_a_listing_ends_idle() {
        PlatformPosting posting = PlatformPosting.idle(new PostingId(java.util.UUID.randomUUID()),
                new com.llatria.domain.user.UserId(java.util.UUID.randomUUID()),
                new com.llatria.domain.item.ItemId(java.util.UUID.randomUUID()), Platform.EBAY, PostingMode.API);
        PostingState state = posting.state();
        for (PostingEvent event : List.of(new PostingEvent.Post(T), new PostingEvent.Succeeded("L-1", Optional.empty(), T),
                new PostingEvent.Remove(T), new PostingEvent.Removed())) {
            state = ((PostingTransition.Moved) state.on(event)).next();
        }
        assertThat(posting.in(state, 2).state()).isEqualTo(new PostingState.Idle());
    }

    @Test
    void after_the_last_attempt_a_transient_failure_stops_retrying_and_waits_for_the_seller() {
        RetryPolicy twice = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 2);
        PostingState.Failed first = new PostingState.Idle().post(T).failed("503", T, twice);
        PostingState.Failed second = first.retry(T.plusSeconds(1)).failed("503", T.plusSeconds(2), twice);

        assertThat(first.nextRetryAt()).isPresent();
        assertThat(second.nextRetryAt()).isEmpty();
        assertThat(second.dueAt()).isEmpty();
    }

    @Test
    void a_refused_listing_is_not_retried_by_itself() {
        PostingState.Failed failed = new PostingState.Idle().post(T).rejected("add a photo", T);

        assertThat(failed.nextRetryAt()).isEmpty();
        assertThat(failed.wireName()).isEqualTo("error");
    }

    @Test
    void a_failing_take_down_keeps_its_listing_and_retries_with_backoff() {
        PostingState.Removing removing = new PostingState.Posted("L-1", Optional.empty(), T).remove(T);
        PostingState.Removing failedTwice = removing.failed("500", T, POLICY).failed("500", T.plusSeconds(30), POLICY);

        assertThat(failedTwice.listingId()).contains("L-1");
        assertThat(failedTwice.failures()).isEqualTo(2);
        assertThat(failedTwice.lastError()).contains("500");
        assertThat(failedTwice.dueAt()).contains(T.plusSeconds(30 + 60));
    }

    @Test
    void only_an_api_posting_has_a_due_job() {
        PlatformPosting assisted = PlatformPosting.idle(new PostingId(java.util.UUID.randomUUID()),
                new com.llatria.domain.user.UserId(java.util.UUID.randomUUID()),
                new com.llatria.domain.item.ItemId(java.util.UUID.randomUUID()), Platform.FACEBOOK, PostingMode.ASSISTED);
        PostingState posting = new PostingState.Idle().post(T);

        assertThat(assisted.in(posting, 2).dueAt()).isEmpty();
        assertThat(assisted.withMode(PostingMode.API).in(posting, 2).dueAt()).contains(T);
    }

    @Test
    void titles_are_cut_at_a_word_boundary() {
        assertThat(Listing.cutTitle("Vintage Levi 501 jeans", 80)).isEqualTo("Vintage Levi 501 jeans");
        assertThat(Listing.cutTitle("Vintage Levi 501 jeans", 14)).isEqualTo("Vintage Levi");
        assertThat(Listing.cutTitle("Vintage Levi 501 jeans", 12)).isEqualTo("Vintage Levi");
        assertThat(Listing.cutTitle("Supercalifragilistic", 5)).isEqualTo("Super");
        assertThat(Listing.skuOf(new com.llatria.domain.item.ItemId(java.util.UUID.randomUUID()))).hasSizeLessThanOrEqualTo(50);
    }
}
