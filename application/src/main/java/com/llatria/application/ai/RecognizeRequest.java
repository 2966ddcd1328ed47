package com.llatria.application.ai;

import com.llatria.application.InvalidInput;
import com.llatria.application.inventory.ExpectedVersion;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.domain.item.ItemId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to recognise and what to do with the answer.
 *
 * @param photos      uploaded photos; empty to use the item's stored photos
 * @param item        the item the recognition belongs to: it is stored as the item's ai_data
 * @param apply       write the drafted fields (title, description, condition, category, price) to the item
 * @param createDraft make a new draft item of the recognition, with the photos, in the same call
 * @param expected    for {@code apply}: the item version the client saw
 */
public record RecognizeRequest(List<PhotoUpload> photos, Optional<ItemId> item, boolean apply, boolean createDraft,
                               Optional<ExpectedVersion> expected) {
    public RecognizeRequest {
        photos = List.copyOf(photos);
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(expected, "expected");
    }

    public static RecognizeRequest photos(List<PhotoUpload> photos) {
        return new RecognizeRequest(photos, Optional.empty(), false, false, Optional.empty());
    }

    public static RecognizeRequest item(ItemId item, boolean apply) {
        return new RecognizeRequest(List.of(), Optional.of(item), apply, false, Optional.empty());
    }

    public static RecognizeRequest draftFrom(List<PhotoUpload> photos) {
        return new RecognizeRequest(photos, Optional.empty(), false, true, Optional.empty());
    }

    void check() {
        if (photos.isEmpty() && item.isEmpty()) throw InvalidInput.of("files", "send one or more photos, or an itemId to use the item's photos");
        if (createDraft && item.isPresent()) throw InvalidInput.of("createDraft", "creates a new item: leave out itemId");
        if (createDraft && photos.isEmpty()) throw InvalidInput.of("createDraft", "needs photos to create the item from");
        if (apply && item.isEmpty()) throw InvalidInput.of("apply", "needs an itemId to apply the draft to (or use createDraft)");
        if (expected.isPresent() && !apply) throw InvalidInput.of("expectedVersion", "checks the item apply writes: send it with apply and itemId");
        if (photos.size() > AiSettings.MAX_PHOTOS) throw InvalidInput.of("files", "send at most " + AiSettings.MAX_PHOTOS + " photos");
    }
}
