package com.llatria.application.posting;

import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingProblem;
import com.llatria.domain.posting.PostingState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A posting as a client sees it: the state, the listing and its link once posted, the last
 * error in a seller's words with its stable {@code reason} code and the platform's or server's
 * own {@code detail}, when it is retried, the warnings the platform gave, and for the assisted
 * flow the task the seller has to do ({@code post-on-facebook}, {@code update-on-facebook},
 * {@code remove-from-facebook}).
 */
public record PostingView(PostingId id, Platform platform, PostingMode mode, String state, Optional<String> listingId,
                          Optional<String> url, Optional<String> error, int attempts, Optional<Instant> nextRetryAt,
                          List<String> warnings, Optional<String> task, Optional<String> categoryId, long version,
                          Optional<String> reason, Optional<String> detail) {

    public static PostingView of(PlatformPosting p) {
        PostingState s = p.state();
        Optional<String> listingId = Optional.empty();
        Optional<String> url = Optional.empty();
        Optional<String> error = Optional.empty();
        Optional<Instant> next = Optional.empty();
        int attempts = 0;
        if (s instanceof PostingState.Posting posting) {
            listingId = posting.listingId();
            url = posting.url();
            attempts = posting.attempt();
        } else if (s instanceof PostingState.Posted posted) {
            listingId = Optional.of(posted.listingId());
            url = posted.url();
        } else if (s instanceof PostingState.Failed failed) {
            listingId = failed.listingId();
            url = failed.url();
            error = Optional.of(failed.message());
            attempts = failed.attempts();
            next = failed.nextRetryAt();
        } else if (s instanceof PostingState.Removing removing) {
            listingId = removing.listingId();
            url = removing.url();
            error = removing.lastError();
            attempts = removing.failures();
            next = removing.failures() > 0 ? Optional.of(removing.nextAttemptAt()) : Optional.empty();
        }
        List<String> warnings = p.warnings();
        if (s instanceof PostingState.Posted) {
            // A change of the live listing that did not go through is kept as a coded warning (finding 9.12): shown as its error.
            Optional<String> refused = warnings.stream().filter(w -> PostingProblem.of(w).isPresent()).findFirst();
            if (refused.isPresent()) {
                error = refused;
                warnings = warnings.stream().filter(w -> !w.equals(refused.get())).toList();
            }
        }
        // A failure stored with its code is worded from the code; one from before codes reads as it was stored.
        Optional<PostingProblem> problem = error.flatMap(PostingProblem::of);
        Optional<String> detail = problem.isPresent() ? error.map(PostingProblem::detail) : Optional.empty();
        if (problem.isPresent()) {
            error = Optional.of(PostingProblems.words(problem.get(), p.platform(), detail.get(), s instanceof PostingState.Removing));
        }
        return new PostingView(p.id(), p.platform(), p.mode(), s.wireName(), listingId, url, error, attempts,
                p.mode() == PostingMode.API ? next : Optional.empty(), warnings, task(p), p.categoryId(), p.version(),
                problem.map(PostingProblem::code), detail);
    }

    private static Optional<String> task(PlatformPosting p) {
        if (p.mode() != PostingMode.ASSISTED) return Optional.empty();
        String where = p.platform().wireName();
        if (p.state() instanceof PostingState.Posting posting) {
            return Optional.of((posting.listingId().isPresent() ? "update-on-" : "post-on-") + where);
        }
        if (p.state() instanceof PostingState.Removing) return Optional.of("remove-from-" + where);
        return Optional.empty();
    }
}
