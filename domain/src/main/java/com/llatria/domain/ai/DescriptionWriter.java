package com.llatria.domain.ai;

/** Writes a listing description from what is known about an item. */
public interface DescriptionWriter {
    AiProvider provider();

    /** A description within the item limits. @throws AiProviderFailure as {@link ItemRecognizer#recognize} */
    AiAnswer<String> describe(DescriptionBrief brief, CallBudget budget);
}
