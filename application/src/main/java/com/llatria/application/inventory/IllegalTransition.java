package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.Transition;

public final class IllegalTransition extends UseCaseException {
    public IllegalTransition(Transition.Refused refused) {
        super(Kind.CONFLICT, "illegal-transition", "Status change not allowed", refused.reason());
    }
}
