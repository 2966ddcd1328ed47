package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.Item;
import com.llatria.domain.sync.ChangeKind;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a writer wants done to an item, decided from the item as stored while the owner's writes
 * are locked. An edit may write the item's child rows (photos, postings) in {@code decide}, but
 * only when it answers {@link Outcome.Changed}: a refusal must leave nothing behind.
 */
@FunctionalInterface
public interface ItemEdit<R> {
    /** @param current the stored item, tombstone included; empty when the owner has no item with this id */
    Outcome<R> decide(Optional<Item> current);

    sealed interface Outcome<R> {
        /** Nothing to write (a repeated request, a change to the same values): no version is taken. */
        record Unchanged<R>(R result) implements Outcome<R> {
        }

        /** Write {@code next} at the version the writer takes; {@code result} turns the stored item into the answer. */
        record Changed<R>(ChangeKind kind, Function<WriteStamp, Item> next, Function<Item, R> result) implements Outcome<R> {
            public Changed {
                Objects.requireNonNull(kind, "kind");
                Objects.requireNonNull(next, "next");
                Objects.requireNonNull(result, "result");
            }
        }

        /** An expected failure: not found, stale, not allowed. */
        record Refused<R>(UseCaseException failure) implements Outcome<R> {
            public Refused {
                Objects.requireNonNull(failure, "failure");
            }
        }
    }

    static <R> Outcome<R> unchanged(R result) {
        return new Outcome.Unchanged<>(result);
    }

    static <R> Outcome<R> changed(ChangeKind kind, Function<WriteStamp, Item> next, Function<Item, R> result) {
        return new Outcome.Changed<>(kind, next, result);
    }

    static <R> Outcome<R> refused(UseCaseException failure) {
        return new Outcome.Refused<>(failure);
    }
}
