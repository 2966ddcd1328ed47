package com.llatria.application.ai;

import com.llatria.application.FieldError;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.application.ai.HybridRecognizer.Attempt;
import com.llatria.application.ai.RecognitionResult.SimilarItem;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.ItemNotFound;
import com.llatria.application.inventory.ItemPatch;
import com.llatria.application.inventory.ItemPatch.Field;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoTooLarge;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.domain.ai.AiAnswer;
import com.llatria.domain.ai.AiCategory;
import com.llatria.domain.ai.AiData;
import com.llatria.domain.ai.AiDataRepository;
import com.llatria.domain.ai.AiOperation;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.AiUsageLedger;
import com.llatria.domain.ai.AiUsageRecord;
import com.llatria.domain.ai.CachedRecognition;
import com.llatria.domain.ai.CallBudget;
import com.llatria.domain.ai.Deadline;
import com.llatria.domain.ai.DescriptionBrief;
import com.llatria.domain.ai.DescriptionWriter;
import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.PerceptualHasher;
import com.llatria.domain.ai.Photo;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.Recognition;
import com.llatria.domain.ai.RecognitionCache;
import com.llatria.domain.ai.SalesHistory;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The AI listing assistant (the design's AIService): recognise an item from photos and draft its
 * listing, write a description, suggest a price.
 *
 * <p>A recognition is looked up by the photos' SHA-256 first (free); otherwise one provider
 * request is made for concurrent identical requests (on this instance by a single flight, across
 * instances by a claim in the shared cache), within the request's deadline, the user's daily
 * allowance of provider calls and the instance's cap on calls in flight, and cached for a day.
 * Every provider asked is recorded with its cost. Items change only through {@link Inventory} (version, change log, live
 * event), never here.
 */
public final class ListingAssistant {
    /** What the assistant stores and reads besides items. */
    public record Stores(AiDataRepository aiData, AiUsageLedger usage, SalesHistory sales, RecognitionCache cache,
                         PerceptualHasher looks) {
        public Stores {
            Objects.requireNonNull(aiData, "aiData");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(sales, "sales");
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(looks, "looks");
        }
    }

    /** The configured providers: none (everything that needs no model still works), one, or both. */
    public record Providers(Optional<HybridRecognizer> recognizer, List<DescriptionWriter> writers) {
        public Providers {
            Objects.requireNonNull(recognizer, "recognizer");
            writers = List.copyOf(writers);
        }

        public static Providers none() {
            return new Providers(Optional.empty(), List.of());
        }

        public boolean configured() {
            return recognizer.isPresent();
        }
    }

    private record Flight(UserId owner, PhotoHash photos) {
    }

    /** How often a request waiting on another instance's provider call looks for its answer. */
    private static final Duration CLAIM_POLL = Duration.ofMillis(50);

    private record Obtained(CachedRecognition recognition, boolean cached, boolean escalated, RecognitionResult.Timings timings) {
        static Obtained fromCache(CachedRecognition recognition) {
            return new Obtained(recognition, true, false, RecognitionResult.Timings.NONE);
        }
    }

    private final Providers providers;
    private final Stores stores;
    private final ItemRepository items;
    private final ImageRepository images;
    private final ImageStore imageStore;
    private final Inventory inventory;
    private final ItemPhotos photos;
    private final IdGenerator ids;
    private final Transactions transactions;
    private final Clock clock;
    private final AiSettings settings;
    private final Executor background;
    private final ProviderGate gate;
    private final SingleFlight<Flight, Obtained> flight = new SingleFlight<>();
    /** Recognitions past the cache on this instance: asking a provider, or waiting for one that is. */
    private final java.util.concurrent.Semaphore waiting;
    private final java.util.Map<UserId, java.util.concurrent.atomic.AtomicInteger> perUser = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param background where a photo's perceptual hash is computed while its provider call runs */
    public ListingAssistant(Providers providers, Stores stores, ItemRepository items, ImageRepository images, ImageStore imageStore,
                            Inventory inventory, ItemPhotos photos, IdGenerator ids, Transactions transactions, Clock clock,
                            AiSettings settings, Executor background) {
        this.providers = providers;
        this.stores = stores;
        this.items = items;
        this.images = images;
        this.imageStore = imageStore;
        this.inventory = inventory;
        this.photos = photos;
        this.ids = ids;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
        this.background = background;
        this.gate = new ProviderGate(settings.maxConcurrentCalls(), settings.gateWait());
        this.waiting = new java.util.concurrent.Semaphore(settings.maxConcurrentCalls() * AiSettings.WAITING_PER_CALL);
    }

    public boolean configured() {
        return providers.configured();
    }

    public AiSettings settings() {
        return settings;
    }

    public RecognitionResult recognize(UserId owner, DeviceId device, RecognizeRequest request) {
        request.check();
        Optional<Item> target = request.item().map(id -> liveItem(owner, id));
        List<PhotoUpload> uploads = request.photos().isEmpty() ? List.of() : buffered(request.photos());
        List<Photo> received = uploads.isEmpty() ? storedPhotos(owner, target.orElseThrow()) : photosOf(uploads, stores.looks());
        // The key is the SHA-256 of what the user sent; a provider only ever gets re-encoded JPEGs
        // without metadata (8.14: an upload's EXIF GPS is the seller's home), made on a cache miss
        // only. A draft's photos are processed once: their stored medium JPEGs are what is sent.
        PhotoHash key = PhotoHash.of(received);
        DraftPhotos draft = request.createDraft() ? new DraftPhotos(owner, ids.next(ItemId::new), uploads) : null;
        Supplier<List<Photo>> sent = uploads.isEmpty() ? () -> received : draft != null ? draft::forProvider : () -> reencoded(uploads);
        PhotoHash cached = key.scopedTo(owner);

        Obtained obtained;
        List<SimilarItem> similar;
        try {
            Optional<CachedRecognition> hit = stores.cache().find(cached);
            // A miss: the perceptual hash (a JPEG decode) runs beside the provider call, not after it.
            CompletableFuture<Optional<PerceptualHash>> look = hit.isPresent() ? null : lookOf(received.get(0));
            obtained = hit.map(Obtained::fromCache).orElseGet(() -> obtain(owner, cached, sent));
            similar = obtained.cached() ? List.of() : similarTo(owner, cached, look.join());
        } catch (RuntimeException | Error e) {
            if (draft != null) draft.discard();
            throw e;
        }
        CachedRecognition rec = obtained.recognition();

        // The recognition is kept in the same transaction as the item write: saved after it, its
        // failure answered 503 for a draft or an edit already committed, and a retry made a second draft (8.22).
        Optional<ItemView> item = Optional.empty();
        if (draft != null) {
            item = Optional.of(createDraft(owner, device, rec, key, draft));
        } else if (target.isPresent() && request.apply()) {
            item = Optional.of(transactions.inTransaction(() -> {
                ItemView view = inventory.patch(owner, device, target.get().id(), draftPatch(rec.recognition()), request.expected());
                saveAiData(owner, view.item().id(), rec, key);
                return view;
            }));
        } else if (target.isPresent()) {
            item = Optional.of(inventory.get(owner, target.get().id()));
            saveAiData(owner, target.get().id(), rec, key);
        }
        return new RecognitionResult(rec.recognition(), rec.usage(), key, obtained.cached(), obtained.escalated(), rec.recognizedAt(),
                similar, item, obtained.timings());
    }

    /** A new description from the item's current fields (and its recognition, if any); {@code apply} writes it to the item. */
    public DescriptionResult describe(UserId owner, DeviceId device, ItemId id, boolean apply) {
        Item item = liveItem(owner, id);
        if (providers.writers().isEmpty()) throw AiFailures.notConfigured();
        Optional<AiData> known = stores.aiData().find(owner, id);
        DescriptionBrief brief = new DescriptionBrief(item.details().title(), item.details().category(), item.details().condition(),
                known.flatMap(d -> d.recognition().brand()), known.flatMap(d -> d.recognition().model()),
                known.map(d -> d.recognition().specifications()).orElse(java.util.Map.of()), item.details().description());
        CallBudget budget = budget(owner);
        AiAnswer<String> answer;
        // Admitted like a recognition past the cache: a user's burst of descriptions holds few threads.
        try (Admission ignored = admit(owner)) {
            answer = throughGate(() -> written(owner, brief, budget));
        }
        known.ifPresent(d -> stores.aiData().save(new AiData(d.item(), d.owner(), d.recognition().withDescription(answer.value()),
                d.usage(), d.photos(), d.createdAt(), now())));
        Optional<ItemView> updated = apply
                ? Optional.of(inventory.patch(owner, device, id, patch(Field.keep(), new Field.Set<>(answer.value()), Field.keep(),
                Field.keep(), Field.keep()), Optional.empty()))
                : Optional.empty();
        return new DescriptionResult(answer.value(), answer.usage(), updated);
    }

    /** The first writer's description; the next writer when one fails (each call recorded). */
    private AiAnswer<String> written(UserId owner, DescriptionBrief brief, CallBudget budget) {
        AiProviderFailure last = null;
        for (DescriptionWriter writer : providers.writers()) {
            try {
                AiAnswer<String> written = writer.describe(brief, budget);
                record(owner, AiOperation.DESCRIBE, written.usage(), "ok");
                return written;
            } catch (AiProviderFailure failure) {
                if (failure.reason() == AiProviderFailure.Reason.ALLOWANCE_SPENT) throw failed(failure);
                record(owner, AiOperation.DESCRIBE, failure.usage().orElse(new AiUsage(failure.provider(), "unknown", 0, 0, Duration.ZERO)),
                        failure.reason().name().toLowerCase(java.util.Locale.ROOT));
                last = failure;
            }
        }
        throw failed(Objects.requireNonNull(last));
    }

    public record DescriptionResult(String description, AiUsage usage, Optional<ItemView> item) {
    }

    /** A price from the seller's own sales that resemble the item, and the AI's market estimate when there is one. */
    public PriceSuggestion suggestPrice(UserId owner, ItemId id) {
        Item item = liveItem(owner, id);
        var candidates = stores.sales().resembling(owner, id, item.details().title(), item.details().category(), 20);
        var matches = PriceSuggestions.matches(item.details(), candidates);
        Optional<Money> estimate = stores.aiData().find(owner, id)
                .flatMap(d -> d.recognition().marketPrice().or(() -> d.recognition().suggestedPrice()));
        return PriceSuggestions.suggest(id, item.details(), matches, estimate, providers.configured());
    }

    /** The owner's allowance today and latest provider calls. */
    public Usage usage(UserId owner) {
        LocalDate today = today();
        return new Usage(settings.dailyLimit(), stores.usage().reserved(owner, today), stores.usage().recent(owner, 50));
    }

    public record Usage(int dailyLimit, int usedToday, List<AiUsageRecord> recent) {
    }

    // --- recognition ---

    /** Not in the cache when looked up: one provider call for everyone asking for these photos now. */
    private Obtained obtain(UserId owner, PhotoHash key, Supplier<List<Photo>> sent) {
        HybridRecognizer recognizer = providers.recognizer().orElseThrow(AiFailures::notConfigured);
        Deadline deadline = Deadline.after(settings.deadline());
        try (Admission ignored = admit(owner)) {
            return flight.run(new Flight(owner, key), deadline.remaining(), () -> obtainOnce(owner, key, sent, recognizer)).value();
        } catch (SingleFlight.TimedOut e) {
            throw AiFailures.busy(Duration.ofSeconds(2));
        }
    }

    /** A request that may wait on a provider holds a thread: so few at a time per user and per instance, the rest turned away at once. */
    private interface Admission extends AutoCloseable {
        @Override
        void close();
    }

    private Admission admit(UserId owner) {
        if (!waiting.tryAcquire()) throw AiFailures.busy(Duration.ofSeconds(2));
        java.util.concurrent.atomic.AtomicInteger mine = perUser.computeIfAbsent(owner, o -> new java.util.concurrent.atomic.AtomicInteger());
        if (mine.incrementAndGet() > AiSettings.MAX_WAITING_PER_USER) {
            leave(owner, mine);
            throw AiFailures.busy(Duration.ofSeconds(2));
        }
        return () -> leave(owner, mine);
    }

    private void leave(UserId owner, java.util.concurrent.atomic.AtomicInteger mine) {
        if (mine.decrementAndGet() == 0) perUser.remove(owner, mine);
        waiting.release();
    }

    private Obtained obtainOnce(UserId owner, PhotoHash key, Supplier<List<Photo>> sent, HybridRecognizer recognizer) {
        // A request that finished while this one waited for its turn has filled the cache.
        Optional<CachedRecognition> meanwhile = stores.cache().find(key);
        if (meanwhile.isPresent()) return Obtained.fromCache(meanwhile.get());
        CallBudget budget = budget(owner);
        String claimant = UUID.randomUUID().toString();
        // Another instance may be asking a provider for these photos: wait for its answer in the
        // shared cache rather than pay twice; its claim lapses if it dies.
        while (!stores.cache().tryClaim(key, claimant, settings.deadline())) {
            if (budget.deadline().remaining().compareTo(CLAIM_POLL) <= 0) throw AiFailures.busy(Duration.ofSeconds(2));
            pause(CLAIM_POLL);
            Optional<CachedRecognition> theirs = stores.cache().find(key);
            if (theirs.isPresent()) return Obtained.fromCache(theirs.get());
        }
        try {
            return recognizeNow(owner, key, sent, recognizer, budget);
        } finally {
            stores.cache().release(key, claimant);
        }
    }

    private Obtained recognizeNow(UserId owner, PhotoHash key, Supplier<List<Photo>> sent, HybridRecognizer recognizer, CallBudget budget) {
        long started = System.nanoTime();
        List<Photo> photos = sent.get();
        long encoded = System.nanoTime();
        HybridRecognizer.Result result = throughGate(() -> recognizer.recognize(photos, budget));
        RecognitionResult.Timings timings = new RecognitionResult.Timings(Duration.ofNanos(encoded - started),
                Duration.ofNanos(System.nanoTime() - encoded));
        for (Attempt attempt : result.attempts()) {
            if (attempt.allowanceSpent()) continue;
            record(owner, AiOperation.RECOGNIZE,
                    attempt.usage().orElse(new AiUsage(attempt.provider(), attempt.model(), 0, 0, Duration.ZERO)), attempt.outcome());
        }
        if (result instanceof HybridRecognizer.Result.Failed failed) throw failed(failed.failure());
        HybridRecognizer.Result.Recognized done = (HybridRecognizer.Result.Recognized) result;
        CachedRecognition fresh = new CachedRecognition(done.answer().value(), done.answer().usage(), now());
        stores.cache().put(key, fresh, settings.cacheTtl());
        return new Obtained(fresh, false, done.escalated(), timings);
    }

    /**
     * What one request may spend: the deadline, and the owner's daily allowance, from which each
     * HTTP request to a provider takes one call (atomically in the ledger, so racing requests
     * never make more calls than the limit).
     */
    private CallBudget budget(UserId owner) {
        return new CallBudget(Deadline.after(settings.deadline()), () -> stores.usage().tryReserve(owner, today(), settings.dailyLimit()));
    }

    /** A provider failure as the client should hear it; a spent allowance is the user's daily limit (429). */
    private UseCaseException failed(AiProviderFailure failure) {
        return AiFailures.provider(failure, () -> {
            Instant midnight = today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            return AiFailures.dailyLimit(settings.dailyLimit(), Duration.between(now(), midnight).plusSeconds(1));
        });
    }

    /** A slot among the instance's provider calls in flight (503 when none comes free soon). */
    private <T> T throughGate(Supplier<T> call) {
        return gate.through(call).orElseThrow(() -> AiFailures.busy(Duration.ofSeconds(2)));
    }

    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AiFailures.busy(Duration.ofSeconds(2));
        }
    }

    private CompletableFuture<Optional<PerceptualHash>> lookOf(Photo photo) {
        try {
            return CompletableFuture.supplyAsync(() -> stores.looks().hash(photo), background);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(stores.looks().hash(photo));
        }
    }

    private List<SimilarItem> similarTo(UserId owner, PhotoHash key, Optional<PerceptualHash> look) {
        if (look.isEmpty()) return List.of();
        List<SimilarItem> similar = stores.cache().similar(owner, look.get(), settings.similarDistance()).stream()
                .filter(s -> !s.key().equals(key))
                .limit(3)
                .map(s -> new SimilarItem(s.distance(), s.cached().recognition(), s.cached().recognizedAt()))
                .toList();
        stores.cache().rememberLook(owner, look.get(), key, settings.cacheTtl());
        return similar;
    }

    private void record(UserId owner, AiOperation operation, AiUsage usage, String outcome) {
        stores.usage().record(new AiUsageRecord(ids.next(uuid -> uuid), owner, now(), operation, usage, outcome));
    }

    // --- items ---

    private Item liveItem(UserId owner, ItemId id) {
        return items.find(owner, id).filter(item -> !item.deleted()).orElseThrow(() -> new ItemNotFound(id));
    }

    /** The item's first photos, in the medium size (800 px): enough to recognise, and cheap to send. */
    private List<Photo> storedPhotos(UserId owner, Item item) {
        List<Photo> found = new ArrayList<>();
        for (ItemImage image : images.forItem(owner, item.id())) {
            if (found.size() == AiSettings.MAX_PHOTOS) break;
            image.rendition(ImageVariant.MEDIUM, ImageFormat.JPEG)
                    .flatMap(r -> imageStore.get(r.key()))
                    .ifPresent(bytes -> found.add(new Photo(bytes, "image/jpeg")));
        }
        if (found.isEmpty()) {
            throw new UseCaseException(Kind.UNPROCESSABLE, "no-photos", "The item has no photos",
                    "item " + item.id() + " has no photos to recognise; add photos to it, or send them with the request")
                    .withErrors(List.of(new FieldError("itemId", "has no photos")));
        }
        return found;
    }

    /**
     * A new draft with its photos, all or nothing (8.16): the photos are processed and stored
     * first, then the item and its photo rows are written in one transaction; if that fails
     * (the database going away included) the stored files are removed and no draft exists.
     */
    private ItemView createDraft(UserId owner, DeviceId device, CachedRecognition rec, PhotoHash key, DraftPhotos draft) {
        Recognition r = rec.recognition();
        Money price = r.suggestedPrice().or(r::marketPrice).orElse(new Money(java.math.BigDecimal.ZERO, Money.DEFAULT_CURRENCY));
        ItemInput input = new ItemInput(r.title(), r.description(), MoneyInput.of(price), r.condition().map(Condition::wireName).orElse(null),
                r.category().map(AiCategory::name).orElse(null), null, null, "draft");
        try {
            ItemPhotos.Staged staged = draft.staged();
            return transactions.inTransaction(() -> {
                inventory.create(owner, device, Optional.of(draft.item()), input);
                photos.attach(owner, device, staged, Optional.empty());
                saveAiData(owner, draft.item(), rec, key);
                return inventory.get(owner, draft.item());
            });
        } catch (RuntimeException | Error e) {
            draft.discard();
            throw e;
        }
    }

    /** A draft's photos, processed and stored at most once, whether the provider needs them first or only the draft does. */
    private final class DraftPhotos {
        private final UserId owner;
        private final ItemId item;
        private final List<PhotoUpload> uploads;
        private ItemPhotos.Staged staged;

        DraftPhotos(UserId owner, ItemId item, List<PhotoUpload> uploads) {
            this.owner = owner;
            this.item = item;
            this.uploads = uploads;
        }

        ItemId item() {
            return item;
        }

        synchronized ItemPhotos.Staged staged() {
            if (staged == null) staged = photos.stage(owner, item, uploads);
            return staged;
        }

        /** The stored medium JPEGs: re-encoded without metadata, like any photo sent to a provider. */
        List<Photo> forProvider() {
            return staged().mediumJpegs().stream().map(bytes -> new Photo(bytes, "image/jpeg")).toList();
        }

        synchronized void discard() {
            if (staged != null) photos.discard(staged);
            staged = null;
        }
    }

    /** The drafted fields as a partial update: what the model could tell replaces what the item has. */
    private static ItemPatch draftPatch(Recognition r) {
        // No description from the model (null, not text, only markup): the seller's own stays (8.15).
        return patch(new Field.Set<>(r.title()), r.description().isBlank() ? Field.keep() : new Field.Set<>(r.description()),
                r.suggestedPrice().<Field<MoneyInput>>map(m -> new Field.Set<>(MoneyInput.of(m))).orElse(Field.keep()),
                r.condition().<Field<String>>map(c -> new Field.Set<>(c.wireName())).orElse(Field.keep()),
                r.category().<Field<String>>map(c -> new Field.Set<>(c.name())).orElse(Field.keep()));
    }

    private static ItemPatch patch(Field<String> title, Field<String> description, Field<MoneyInput> price, Field<String> condition,
                                   Field<String> category) {
        return new ItemPatch(title, description, price, condition, category, Field.keep(), Field.keep(), Field.keep(), Field.keep(),
                Field.keep(), Field.keep());
    }

    private void saveAiData(UserId owner, ItemId item, CachedRecognition rec, PhotoHash key) {
        Instant now = now();
        stores.aiData().save(new AiData(item, owner, rec.recognition(), rec.usage(), Optional.of(key), now, now));
    }

    // --- photos ---

    /** Reads each upload once (checking its size first), so the bytes can be hashed, sent and stored. */
    private static List<PhotoUpload> buffered(List<PhotoUpload> uploads) {
        List<PhotoUpload> read = new ArrayList<>();
        long total = 0;
        for (PhotoUpload upload : uploads) {
            if (upload.size() > ItemPhotos.MAX_BYTES) throw new PhotoTooLarge(upload.filename(), upload.size(), ItemPhotos.MAX_BYTES);
            byte[] bytes;
            try {
                bytes = upload.content().read();
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the upload " + upload.filename(), e);
            }
            total += bytes.length;
            if (total > AiSettings.MAX_TOTAL_BYTES) {
                throw new UseCaseException(Kind.TOO_LARGE, "too-large", "Photos too large",
                        "the photos add up to more than " + AiSettings.MAX_TOTAL_BYTES / (1024 * 1024) + " MB; send fewer or smaller ones")
                        .withErrors(List.of(new FieldError("files", "add up to more than "
                                + AiSettings.MAX_TOTAL_BYTES / (1024 * 1024) + " MB")));
            }
            byte[] kept = bytes;
            read.add(new PhotoUpload(upload.filename(), kept.length, () -> kept));
        }
        return read;
    }

    /** The uploads as photos, each checked from its bytes: a known image type, and not a decompression bomb (before any provider is paid). */
    private static List<Photo> photosOf(List<PhotoUpload> uploads, PerceptualHasher looks) {
        List<Photo> photos = new ArrayList<>();
        for (PhotoUpload upload : uploads) {
            byte[] bytes;
            try {
                bytes = upload.content().read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String type = mediaType(bytes).orElseThrow(() -> new UseCaseException(Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported file type", upload.filename() + " is not a JPEG, PNG or WebP image")
                    .withErrors(List.of(new FieldError("files", upload.filename() + " is not a JPEG, PNG or WebP image"))));
            Photo photo = new Photo(bytes, type);
            looks.refusal(photo).ifPresent(reason -> {
                throw new UseCaseException(Kind.UNPROCESSABLE, "image-too-large", "Image too large", upload.filename() + " " + reason)
                        .withErrors(List.of(new FieldError("files", upload.filename() + " " + reason)));
            });
            photos.add(photo);
        }
        return photos;
    }

    /** The uploads as the photo pipeline re-encodes them (medium size, JPEG, no metadata): all a provider is sent of them. */
    private List<Photo> reencoded(List<PhotoUpload> uploads) {
        return uploads.stream().map(upload -> new Photo(photos.reencoded(upload, ImageVariant.MEDIUM), "image/jpeg")).toList();
    }

    /** The type from the bytes, never from the name or the declared type. */
    static Optional<String> mediaType(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) return Optional.of("image/jpeg");
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return Optional.of("image/png");
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    private Instant now() {
        return clock.instant();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
