package com.llatria.application.posting;

import com.llatria.application.inventory.ItemWriteHook;
import com.llatria.application.photos.PhotoWrites;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Sale;
import com.llatria.domain.port.PostingRepository;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingState;
import com.llatria.domain.sync.DeviceId;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps postings in step with their item, inside the item's own write (so REST, bulk, sync
 * pushes and platforms all get it, and it commits or rolls back with the write):
 * <ul>
 *   <li>sold anywhere, deleted, or back to draft: every live posting starts being taken down, except
 *       a listing the seller placed by hand on the platform it sold on;</li>
 *   <li>edited (title, price, description, condition, category, photos): live listings are revised.</li>
 * </ul>
 * The posting rows take the version of the write that caused the change.
 */
public final class PostingHooks implements ItemWriteHook {
    private final PostingRepository postings;
    private final Transactions transactions;
    private final PostingSignal signal;
    private final Clock clock;

    public PostingHooks(PostingRepository postings, Transactions transactions, PostingSignal signal, Clock clock) {
        this.postings = postings;
        this.transactions = transactions;
        this.signal = signal;
        this.clock = clock;
    }

    @Override
    public void written(Optional<Item> before, Item after, DeviceId device) {
        if (before.isEmpty() || PostingWrites.active()) return; // a new item has no postings; our own writes are not edits
        Item was = before.get();
        boolean deleted = after.deleted() && !was.deleted();
        boolean sold = after.status() == ItemStatus.SOLD && was.status() != ItemStatus.SOLD;
        // Back to draft is off sale too: nothing may stay listed for it.
        boolean withdrawn = after.status() == ItemStatus.DRAFT && was.status() != ItemStatus.DRAFT;
        if (deleted || sold || withdrawn) {
            Optional<Platform> soldOn = sold ? after.lifecycle().sale().flatMap(Sale::channel)
                    .flatMap(c -> Platform.fromWire(c.wireName())) : Optional.empty();
            takeDown(after, soldOn);
        } else if (!after.deleted() && after.status() == ItemStatus.ACTIVE && edited(was, after)) {
            revise(after);
        }
    }

    private void takeDown(Item item, Optional<Platform> soldOn) {
        Instant now = now();
        boolean due = false;
        for (PlatformPosting p : postings.forItem(item.owner(), item.id())) {
            // Sold on this platform: a listing placed there by hand is the seller's to end. One made
            // through the API comes down too (finding 9.38): the platform may have ended it (an
            // ended eBay offer's withdraw answers "not available", counted as gone), or the sale
            // was only said to be there; either way the posting must not stay "posted" on a dead
            // listing, and a relist then makes a new one.
            if (!p.live() || (soldOn.equals(Optional.of(p.platform())) && p.state() instanceof PostingState.Posted
                    && p.mode() == PostingMode.ASSISTED)) continue;
            PostingState next = removing(p.state(), now);
            PlatformPosting saved = p.in(next, item.version());
            postings.save(saved);
            due |= saved.dueAt().isPresent();
        }
        if (due) transactions.afterCommit(signal::raise);
    }

    private void revise(Item item) {
        Instant now = now();
        boolean due = false;
        for (PlatformPosting p : postings.forItem(item.owner(), item.id())) {
            PostingState next;
            if (p.state() instanceof PostingState.Posted posted) {
                next = posted.update(now);
            } else if (p.state() instanceof PostingState.Posting posting) {
                // Under way with the old content: start over (the running job's write is fenced by the version).
                next = new PostingState.Posting(posting.attempt(), now, posting.listingId(), posting.url());
            } else {
                continue;
            }
            PlatformPosting saved = p.in(next, item.version());
            postings.save(saved);
            due |= saved.dueAt().isPresent();
        }
        if (due) transactions.afterCommit(signal::raise);
    }

    static PostingState removing(PostingState state, Instant now) {
        if (state instanceof PostingState.Posted s) return s.remove(now);
        if (state instanceof PostingState.Posting s) return s.remove(now);
        if (state instanceof PostingState.Failed s) return s.remove(now);
        return state;
    }

    /**
     * What a listing shows changed: one of its fields, or its photos (a photo write says so). A
     * write that changes neither (a sync push whose values lost, recorded as a conflict; the SKU
     * or cost) revises nothing and gives no task (finding 9.34).
     */
    private static boolean edited(Item before, Item after) {
        ItemDetails a = before.details();
        ItemDetails b = after.details();
        boolean fields = !a.title().equals(b.title()) || !a.description().equals(b.description()) || !a.price().equals(b.price())
                || !Objects.equals(a.condition(), b.condition()) || !Objects.equals(a.category(), b.category());
        return fields || PhotoWrites.active();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

}
