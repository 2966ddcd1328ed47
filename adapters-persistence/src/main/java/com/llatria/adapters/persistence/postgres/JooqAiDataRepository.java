package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llatria.adapters.persistence.postgres.jooq.tables.records.AiDataRecord;
import com.llatria.domain.ai.AiCategory;
import com.llatria.domain.ai.AiData;
import com.llatria.domain.ai.AiDataRepository;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.Recognition;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.AI_DATA;

/** ai_data: one row per item, replaced on each new recognition. */
public final class JooqAiDataRepository implements AiDataRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DSLContext dsl;

    public JooqAiDataRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void save(AiData data) {
        AiDataRecord row = dsl.newRecord(AI_DATA);
        Recognition r = data.recognition();
        row.setItemId(data.item().value());
        row.setOwnerId(data.owner().value());
        row.setRecognizedItem(r.recognizedItem());
        row.setConfidence(r.confidence());
        row.setTitle(r.title());
        row.setDescription(r.description());
        row.setCategory(r.category().map(AiCategory::name).orElse(null));
        row.setCategoryKnown(r.category().map(AiCategory::known).orElse(false));
        row.setCondition(r.condition().map(Condition::wireName).orElse(null));
        row.setBrand(r.brand().orElse(null));
        row.setModel(r.model().orElse(null));
        row.setYear(r.year().orElse(null));
        row.setColor(r.color().orElse(null));
        row.setSize(r.size().orElse(null));
        row.setDimensions(r.dimensions().orElse(null));
        row.setSpecifications(json(r.specifications()));
        row.setMarketPriceAmount(r.marketPrice().map(Money::amount).orElse(null));
        row.setMarketPriceCurrency(r.marketPrice().map(m -> m.currency().getCurrencyCode()).orElse(null));
        row.setSuggestedPriceAmount(r.suggestedPrice().map(Money::amount).orElse(null));
        row.setSuggestedPriceCurrency(r.suggestedPrice().map(m -> m.currency().getCurrencyCode()).orElse(null));
        row.setResearchNotes(r.researchNotes());
        row.setRepairs(json(r.repairs()));
        row.setProvider(data.usage().provider().wireName());
        row.setProviderModel(data.usage().model());
        row.setPromptTokens(data.usage().promptTokens());
        row.setCompletionTokens(data.usage().completionTokens());
        row.setLatencyMs(data.usage().latency().toMillis());
        row.setPhotoSha256(data.photos().map(PhotoHash::hex).orElse(null));
        row.setCreatedAt(Timestamps.toDb(data.createdAt()));
        row.setUpdatedAt(Timestamps.toDb(data.updatedAt()));
        AiDataRecord update = row.copy();
        update.changed(AI_DATA.CREATED_AT, false);
        update.changed(AI_DATA.ITEM_ID, false);
        update.changed(AI_DATA.OWNER_ID, false);
        // The owner check in the update keeps one user from overwriting another's row through a guessed item id.
        dsl.insertInto(AI_DATA).set(row)
                .onConflict(AI_DATA.ITEM_ID).doUpdate().set(update)
                .where(AI_DATA.OWNER_ID.eq(data.owner().value()))
                .execute();
    }

    @Override
    public Optional<AiData> find(UserId owner, ItemId item) {
        return dsl.selectFrom(AI_DATA)
                .where(AI_DATA.ITEM_ID.eq(item.value()).and(AI_DATA.OWNER_ID.eq(owner.value())))
                .fetchOptional()
                .map(JooqAiDataRepository::toData);
    }

    private static AiData toData(AiDataRecord row) {
        Recognition recognition = new Recognition(
                row.getRecognizedItem(), row.getConfidence(), row.getTitle(), row.getDescription(),
                Optional.ofNullable(row.getCategory()).map(name -> new AiCategory(name, row.getCategoryKnown())),
                Optional.ofNullable(row.getCondition()).flatMap(Condition::fromWire),
                Optional.ofNullable(row.getBrand()), Optional.ofNullable(row.getModel()), Optional.ofNullable(row.getYear()),
                Optional.ofNullable(row.getColor()), Optional.ofNullable(row.getSize()), Optional.ofNullable(row.getDimensions()),
                read(row.getSpecifications(), new TypeReference<Map<String, String>>() {
                }),
                money(row.getMarketPriceAmount(), row.getMarketPriceCurrency()),
                money(row.getSuggestedPriceAmount(), row.getSuggestedPriceCurrency()),
                row.getResearchNotes(),
                read(row.getRepairs(), new TypeReference<List<String>>() {
                }));
        AiUsage usage = new AiUsage(AiProvider.fromWire(row.getProvider()).orElseThrow(), row.getProviderModel(),
                row.getPromptTokens(), row.getCompletionTokens(), Duration.ofMillis(row.getLatencyMs()));
        return new AiData(new ItemId(row.getItemId()), new UserId(row.getOwnerId()), recognition, usage,
                Optional.ofNullable(row.getPhotoSha256()).map(PhotoHash::new),
                Timestamps.fromDb(row.getCreatedAt()), Timestamps.fromDb(row.getUpdatedAt()));
    }

    private static Optional<Money> money(BigDecimal amount, String currency) {
        return amount == null ? Optional.empty() : Optional.of(new Money(amount, Currency.getInstance(currency)));
    }

    private static JSONB json(Object value) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(JSONB json, TypeReference<T> type) {
        try {
            return JSON.readValue(json.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable ai_data json", e);
        }
    }
}
