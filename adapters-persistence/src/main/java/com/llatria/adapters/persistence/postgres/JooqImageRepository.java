package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llatria.adapters.persistence.postgres.jooq.tables.records.ItemImagesRecord;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.ITEMS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.ITEM_IMAGES;

public final class JooqImageRepository implements ImageRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<RenditionJson>> RENDITIONS = new TypeReference<>() {
    };
    private final DSLContext dsl;

    public JooqImageRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<ItemImage> forItem(UserId owner, ItemId item) {
        return dsl.selectFrom(ITEM_IMAGES)
                .where(ITEM_IMAGES.OWNER_ID.eq(owner.value()).and(ITEM_IMAGES.ITEM_ID.eq(item.value())))
                .orderBy(ITEM_IMAGES.POSITION, ITEM_IMAGES.ID)
                .fetch(JooqImageRepository::toImage);
    }

    @Override
    public Map<ItemId, List<ItemImage>> forItems(UserId owner, Collection<ItemId> items) {
        Map<ItemId, List<ItemImage>> byItem = new LinkedHashMap<>();
        items.forEach(id -> byItem.put(id, new java.util.ArrayList<>()));
        if (items.isEmpty()) return byItem;
        List<UUID> ids = items.stream().map(ItemId::value).toList();
        dsl.selectFrom(ITEM_IMAGES)
                .where(ITEM_IMAGES.OWNER_ID.eq(owner.value()).and(ITEM_IMAGES.ITEM_ID.in(ids)))
                .orderBy(ITEM_IMAGES.ITEM_ID, ITEM_IMAGES.POSITION, ITEM_IMAGES.ID)
                .fetch(JooqImageRepository::toImage)
                .forEach(image -> byItem.get(image.item()).add(image));
        return byItem;
    }

    @Override
    public void insert(ItemImage image) {
        dsl.insertInto(ITEM_IMAGES)
                .set(ITEM_IMAGES.ID, image.id().value())
                .set(ITEM_IMAGES.OWNER_ID, image.owner().value())
                .set(ITEM_IMAGES.ITEM_ID, image.item().value())
                .set(ITEM_IMAGES.POSITION, image.position())
                .set(ITEM_IMAGES.CREATED_AT, Timestamps.toDb(image.createdAt()))
                .set(ITEM_IMAGES.RENDITIONS, json(image.renditions()))
                .execute();
    }

    @Override
    public boolean delete(UserId owner, ItemId item, ImageId image) {
        return dsl.deleteFrom(ITEM_IMAGES)
                .where(ITEM_IMAGES.ID.eq(image.value()))
                .and(ITEM_IMAGES.OWNER_ID.eq(owner.value()))
                .and(ITEM_IMAGES.ITEM_ID.eq(item.value()))
                .execute() == 1;
    }

    @Override
    public void reorder(UserId owner, ItemId item, List<ImageId> order) {
        for (int position = 0; position < order.size(); position++) {
            dsl.update(ITEM_IMAGES).set(ITEM_IMAGES.POSITION, position)
                    .where(ITEM_IMAGES.ID.eq(order.get(position).value()))
                    .and(ITEM_IMAGES.OWNER_ID.eq(owner.value()))
                    .and(ITEM_IMAGES.ITEM_ID.eq(item.value()))
                    .execute();
        }
    }

    @Override
    public long photosVersion(UserId owner, ItemId item) {
        Long version = dsl.select(ITEMS.PHOTOS_VERSION).from(ITEMS)
                .where(ITEMS.ID.eq(item.value()).and(ITEMS.OWNER_ID.eq(owner.value())))
                .fetchOne(ITEMS.PHOTOS_VERSION);
        return version == null ? 0 : version;
    }

    @Override
    public void photosWritten(UserId owner, ItemId item, long version) {
        dsl.update(ITEMS).set(ITEMS.PHOTOS_VERSION, version)
                .where(ITEMS.ID.eq(item.value()).and(ITEMS.OWNER_ID.eq(owner.value())))
                .execute();
    }

    @Override
    public List<ItemImage> deleteAll(UserId owner, ItemId item) {
        return dsl.deleteFrom(ITEM_IMAGES)
                .where(ITEM_IMAGES.OWNER_ID.eq(owner.value()).and(ITEM_IMAGES.ITEM_ID.eq(item.value())))
                .returning()
                .fetch(JooqImageRepository::toImage);
    }

    private static ItemImage toImage(ItemImagesRecord r) {
        try {
            return new ItemImage(new ImageId(r.getId()), new UserId(r.getOwnerId()), new ItemId(r.getItemId()), r.getPosition(),
                    Timestamps.fromDb(r.getCreatedAt()), JSON.readValue(r.getRenditions().data(), RENDITIONS).stream().map(RenditionJson::toDomain).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable renditions of image " + r.getId(), e);
        }
    }

    private static JSONB json(List<StoredRendition> renditions) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(renditions.stream().map(RenditionJson::from).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
