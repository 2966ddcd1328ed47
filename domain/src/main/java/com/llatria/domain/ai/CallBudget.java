package com.llatria.domain.ai;

import java.time.Duration;
import java.util.Objects;

/**
 * What one user request may spend on providers: time, until {@code deadline}, for every attempt,
 * retry and wait it makes with any provider; and calls, one taken from {@code allowance} before
 * every HTTP request sent to a provider (a first try, a retry, an escalation to the other one).
 */
public record CallBudget(Deadline deadline, Allowance allowance) {
    public CallBudget {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(allowance, "allowance");
    }

    /** The owner's daily allowance of provider calls. */
    @FunctionalInterface
    public interface Allowance {
        /** Takes one call; false, and nothing taken, when the allowance is spent. Exact under concurrency. */
        boolean tryTake();
    }

    /** No limit on calls, {@code time} to spend (tests, tools). */
    public static CallBudget of(Duration time) {
        return new CallBudget(Deadline.after(time), () -> true);
    }
}
