package com.llatria.application.posting;

import com.llatria.application.FieldError;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.application.inventory.ItemEdit;
import com.llatria.application.inventory.ItemNotFound;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.PostingRepository;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingEvent;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingState;
import com.llatria.domain.posting.PostingTransition;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Posting an item to a marketplace, seeing where it stands, taking it down, and the seller's
 * side of the assisted Facebook flow. Every posting change is a write of its item through the
 * {@link ItemWriter} (new version, change log entry, live event); the platform work itself is
 * done later by the {@link PostingWorker}.
 */
public final class Postings {
    private static final Pattern CATEGORY_ID = Pattern.compile("[0-9]{1,20}");

    private final ItemWriter writer;
    private final ItemRepository items;
    private final PostingRepository postings;
    private final PlatformAccounts accounts;
    private final ListingSource listings;
    private final Transactions transactions;
    private final PostingSignal signal;
    private final IdGenerator ids;
    private final Clock clock;

    public Postings(ItemWriter writer, ItemRepository items, PostingRepository postings, PlatformAccounts accounts,
                    ListingSource listings, Transactions transactions, PostingSignal signal, IdGenerator ids, Clock clock) {
        this.writer = writer;
        this.items = items;
        this.postings = postings;
        this.accounts = accounts;
        this.listings = listings;
        this.transactions = transactions;
        this.signal = signal;
        this.ids = ids;
        this.clock = clock;
    }

    /** How to post: a category the seller chose on the platform, and for Facebook the assisted flow or the catalog. */
    public record PostRequest(Optional<String> categoryId, Optional<PostingMode> mode) {
        public static final PostRequest DEFAULT = new PostRequest(Optional.empty(), Optional.empty());
    }

    /**
     * The item's postings; a deleted item's too (finding 9.1): its take-downs run on, and a
     * listing made by hand leaves a remove task the seller must still see and confirm.
     */
    public List<PostingView> list(UserId owner, ItemId id) {
        items.find(owner, id).orElseThrow(() -> new ItemNotFound(id));
        return postings.forItem(owner, id).stream().map(PostingView::of).toList();
    }

    /** Starts posting (or re-posting) the item; the platform work happens in a job. */
    public PostingView post(UserId owner, DeviceId device, ItemId id, Platform platform, PostRequest request) {
        request.categoryId().ifPresent(c -> {
            if (!CATEGORY_ID.matcher(c).matches()) throw invalid("categoryId", "must be the platform's numeric category id");
        });
        return change(owner, device, id, platform, item -> {
            if (item.status() != ItemStatus.ACTIVE) {
                return refused(Kind.CONFLICT, "not-for-sale", "Item not for sale",
                        "only an active item can be posted; this one is " + item.status().name().toLowerCase(Locale.ROOT));
            }
            return null;
        }, existing -> {
            PostingState s = existing.state();
            // Decided after the item is found (someone else's item is a 404 whatever else is wrong).
            // A posting on the platform keeps its way of getting there unless the seller names one.
            boolean live = !(s instanceof PostingState.Idle);
            PostingMode mode = live && request.mode().isEmpty() ? existing.mode() : mode(owner, platform, request);
            if (live && mode != existing.mode()) {
                throw new UseCaseException(Kind.CONFLICT, "mode-change", "Posted the other way",
                        "this item is on " + PlatformAccounts.name(platform) + (existing.mode() == PostingMode.ASSISTED
                                ? " as a listing you made by hand" : " through the API") + "; take it down first (DELETE /api/inventory/"
                                + id + "/postings/" + platform.wireName() + "), then post it " + mode.wireName());
            }
            PlatformPosting base = existing.withMode(mode).withCategoryId(request.categoryId().or(existing::categoryId));
            Instant now = now();
            if (s instanceof PostingState.Idle idle) return base.in(idle.post(now), existing.version());
            if (s instanceof PostingState.Failed failed) return base.in(failed.retry(now), existing.version());
            if (s instanceof PostingState.Posted posted) return base.in(posted.update(now), existing.version());
            if (s instanceof PostingState.Posting) return existing; // already under way: nothing to add
            throw new UseCaseException(Kind.CONFLICT, "being-removed", "Being taken down",
                    "the listing is being taken down; post it again once that is done");
        });
    }

    /** Takes the listing down: a job removes it from the platform, or the seller does (assisted). */
    public PostingView takeDown(UserId owner, DeviceId device, ItemId id, Platform platform) {
        return change(owner, device, id, platform, item -> null, existing -> {
            PostingTransition t = existing.on(new PostingEvent.Remove(now()));
            if (t instanceof PostingTransition.Moved moved) return existing.in(moved.next(), existing.version());
            return existing; // idle or already being removed
        });
    }

    /** The device the take-downs of a closed account are written as. */
    public static final DeviceId ACCOUNT_CLOSED = new DeviceId("account-closed");

    /**
     * The account is being deactivated (finding 9.29): every live posting (being made, posted,
     * or waiting to retry) starts coming down, one item write per item, inside the caller's
     * transaction. The worker takes API listings down with the tokens still stored; a listing
     * made by hand becomes a remove task nobody can see any more (documented). Nothing is
     * published for the account afterwards: the worker turns such a job into a take-down.
     */
    public void takeDownEverything(UserId owner) {
        // The owner's write lock before the list, kept to the deactivation's commit: a post (or a
        // job recording a listing) either committed before the list is read, and is in it, or
        // waits for the account to be closed, and the worker then never publishes it (finding
        // 9.50: a post committed between the list and the commit was published and stayed live).
        writer.lockOwner(owner);
        for (ItemId id : postings.itemsWithLivePostings(owner)) {
            PostingWrites.run(() -> writer.write(owner, ACCOUNT_CLOSED, id, current -> {
                if (current.isEmpty()) return ItemEdit.unchanged(null);
                Item item = current.get();
                List<PlatformPosting> live = postings.forItem(owner, id).stream().filter(PlatformPosting::live).toList();
                if (live.isEmpty()) return ItemEdit.unchanged(null);
                Instant now = now();
                return ItemEdit.changed(ChangeKind.POSTING, stamp -> {
                    live.forEach(p -> postings.save(p.in(PostingHooks.removing(p.state(), now), stamp.version())));
                    transactions.afterCommit(signal::raise);
                    return item.touch(stamp.at(), stamp.version());
                }, written -> null);
            }));
        }
    }

    /**
     * The seller did the assisted task: posted or updated the listing by hand (give its
     * {@code url}), or removed it. Only for postings in the assisted flow.
     */
    public PostingView confirm(UserId owner, DeviceId device, ItemId id, Platform platform, Optional<String> url) {
        // A deleted item's only task is the removal: confirming it is allowed, anything else is 404.
        return change(owner, device, id, platform, true, item -> item.deleted()
                && !postings.find(owner, id, platform).map(p -> p.state() instanceof PostingState.Removing).orElse(false)
                ? ItemEdit.refused(new ItemNotFound(id)) : null, existing -> {
            if (existing.mode() != PostingMode.ASSISTED) {
                throw new UseCaseException(Kind.CONFLICT, "not-assisted", "Not an assisted posting",
                        "this posting is made through the platform's API; there is nothing to confirm");
            }
            if (existing.state() instanceof PostingState.Posting posting) {
                String link = url.orElseThrow(() -> invalid("url", "is required: the address of the listing you posted"));
                URI uri = listingUrl(link);
                return existing.in(posting.succeeded(listingIdOf(uri), Optional.of(uri.toString()), now()), existing.version());
            }
            if (existing.state() instanceof PostingState.Removing removing) {
                return existing.in(removing.removed(), existing.version());
            }
            throw new UseCaseException(Kind.CONFLICT, "nothing-to-confirm", "Nothing to confirm",
                    "this posting is " + existing.state().wireName() + "; there is no task waiting for you");
        });
    }

    /** The listing, ready for the seller to place by hand. */
    public ListingPackage listingPackage(UserId owner, ItemId id) {
        return listings.packageOf(live(owner, id));
    }

    private Item live(UserId owner, ItemId id) {
        return items.find(owner, id).filter(i -> !i.deleted()).orElseThrow(() -> new ItemNotFound(id));
    }

    private PostingMode mode(UserId owner, Platform platform, PostRequest request) {
        switch (platform) {
            case EBAY -> {
                if (request.mode().orElse(PostingMode.API) != PostingMode.API) {
                    throw invalid("mode", "eBay postings go through eBay's API; leave mode out");
                }
                requireConnected(owner, platform);
                return PostingMode.API;
            }
            case FACEBOOK -> {
                boolean catalog = accounts.connected(owner, platform)
                        && !accounts.settings(owner, platform).getOrDefault("catalogId", "").isBlank();
                PostingMode mode = request.mode().orElse(catalog ? PostingMode.API : PostingMode.ASSISTED);
                if (mode == PostingMode.API && !catalog) {
                    throw new UseCaseException(Kind.CONFLICT, "not-connected", "Facebook catalog not connected",
                            "connect Facebook and save your catalogId to post to your catalog, or post with mode \"assisted\"");
                }
                if (mode == PostingMode.API && accounts.settings(owner, platform).getOrDefault(PlatformAccounts.STOREFRONT_URL, "").isBlank()) {
                    throw new UseCaseException(Kind.CONFLICT, "settings-missing", "Shop address missing",
                            "a product in your Facebook catalog must link to its page on your own website: add your shop's "
                                    + "web address in your Facebook settings, or post to Marketplace yourself (assisted)");
                }
                return mode;
            }
            default -> throw new UseCaseException(Kind.UNPROCESSABLE, "platform-unavailable", "Not available",
                    "posting to " + platform.wireName() + " is not available yet");
        }
    }

    private void requireConnected(UserId owner, Platform platform) {
        if (!accounts.connected(owner, platform)) {
            throw new UseCaseException(Kind.CONFLICT, "not-connected", PlatformAccounts.name(platform) + " not connected",
                    "connect your " + PlatformAccounts.name(platform) + " account first, then post again");
        }
    }

    /**
     * One posting change as one item write: the item's lock, a new version, the change log,
     * the posting row stored at that version, the live event after commit.
     */
    private PostingView change(UserId owner, DeviceId device, ItemId id, Platform platform,
                               Function<Item, ItemEdit.Outcome<PostingView>> check,
                               Function<PlatformPosting, PlatformPosting> next) {
        return change(owner, device, id, platform, false, check, next);
    }

    /** {@code deletedToo}: the change may be made on a deleted item (its {@code check} decides). */
    private PostingView change(UserId owner, DeviceId device, ItemId id, Platform platform, boolean deletedToo,
                               Function<Item, ItemEdit.Outcome<PostingView>> check,
                               Function<PlatformPosting, PlatformPosting> next) {
        return PostingWrites.run(() -> writer.write(owner, device, id, current -> {
            if (current.isEmpty() || (current.get().deleted() && !deletedToo)) return ItemEdit.refused(new ItemNotFound(id));
            Item item = current.get();
            ItemEdit.Outcome<PostingView> refusal = check.apply(item);
            if (refusal != null) return refusal;
            Optional<PlatformPosting> stored = postings.find(owner, id, platform);
            PlatformPosting existing = stored.orElseGet(() ->
                    PlatformPosting.idle(ids.next(PostingId::new), owner, id, platform, PostingMode.API));
            PlatformPosting changed;
            try {
                changed = next.apply(existing);
            } catch (UseCaseException e) {
                return ItemEdit.refused(e);
            }
            if (stored.isPresent() && changed.equals(existing)) return ItemEdit.unchanged(PostingView.of(existing));
            if (stored.isEmpty() && changed.state() instanceof PostingState.Idle) {
                return ItemEdit.refused(new UseCaseException(Kind.NOT_FOUND, "not-posted", "Not posted",
                        "this item was never posted to " + PlatformAccounts.name(platform)));
            }
            PlatformPosting[] saved = new PlatformPosting[1];
            return ItemEdit.changed(ChangeKind.POSTING, stamp -> {
                saved[0] = changed.in(changed.state(), stamp.version());
                postings.save(saved[0]);
                if (saved[0].dueAt().isPresent()) transactions.afterCommit(signal::raise);
                return item.touch(stamp.at(), stamp.version());
            }, written -> PostingView.of(saved[0]));
        }));
    }

    private static URI listingUrl(String link) {
        try {
            URI uri = URI.create(link.trim());
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || link.length() > 500) throw new IllegalArgumentException();
            return uri;
        } catch (IllegalArgumentException e) {
            throw invalid("url", "must be the https address of the listing");
        }
    }

    /** Marketplace addresses end in the listing's number; anything else is kept whole. */
    private static String listingIdOf(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.matches("[0-9]{5,40}") ? last : uri.toString().substring(0, Math.min(100, uri.toString().length()));
    }

    private static ItemEdit.Outcome<PostingView> refused(Kind kind, String type, String title, String detail) {
        return ItemEdit.refused(new UseCaseException(kind, type, title, detail));
    }

    /** A 400 naming the field, for adapters reading requests for these use cases. */
    public static UseCaseException invalidInput(String field, String reason) {
        return invalid(field, reason);
    }

    static UseCaseException invalid(String field, String reason) {
        return new UseCaseException(Kind.INVALID, "validation", "Invalid request", field + " " + reason)
                .withErrors(List.of(new FieldError(field, reason)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
