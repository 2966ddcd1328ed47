package com.llatria.domain.posting;

import com.llatria.domain.posting.PostingState.Failed;
import com.llatria.domain.posting.PostingState.Idle;
import com.llatria.domain.posting.PostingState.Posted;
import com.llatria.domain.posting.PostingState.Posting;
import com.llatria.domain.posting.PostingState.Removing;

/** Routes an event to the typed transition method of the state it is allowed in. */
final class PostingTransitions {
    private PostingTransitions() {
    }

    static PostingTransition apply(PostingState state, PostingEvent event) {
        PostingState next = null;
        if (state instanceof Idle idle && event instanceof PostingEvent.Post e) {
            next = idle.post(e.at());
        } else if (state instanceof Posting posting) {
            if (event instanceof PostingEvent.Succeeded e) next = posting.succeeded(e.listingId(), e.url(), e.at());
            else if (event instanceof PostingEvent.Failed e) next = posting.failed(e.message(), e.at(), e.policy());
            else if (event instanceof PostingEvent.Rejected e) next = posting.rejected(e.message(), e.at());
            else if (event instanceof PostingEvent.Remove e) next = posting.remove(e.at());
        } else if (state instanceof Posted posted) {
            if (event instanceof PostingEvent.Update e) next = posted.update(e.at());
            else if (event instanceof PostingEvent.Remove e) next = posted.remove(e.at());
        } else if (state instanceof Failed failed) {
            if (event instanceof PostingEvent.Retry e) next = failed.retry(e.at());
            else if (event instanceof PostingEvent.Remove e) next = failed.remove(e.at());
        } else if (state instanceof Removing removing) {
            if (event instanceof PostingEvent.Removed) next = removing.removed();
            else if (event instanceof PostingEvent.RemovalFailed e) next = removing.failed(e.message(), e.at(), e.policy());
        }
        return next == null ? new PostingTransition.Refused(state, event) : new PostingTransition.Moved(next);
    }
}
