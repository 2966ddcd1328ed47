package com.llatria.domain.posting;

/** A posting state's answer to an event: the next state, or a refusal naming both. */
public sealed interface PostingTransition {
    record Moved(PostingState next) implements PostingTransition {
    }

    record Refused(PostingState from, PostingEvent event) implements PostingTransition {
        public String reason() {
            return "a posting that is " + from.wireName() + " cannot take " + event.getClass().getSimpleName();
        }
    }
}
