package com.llatria.adapters.web.inventory;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.JsonFields;
import com.llatria.adapters.web.Preconditions;
import com.llatria.adapters.web.RequestContext;
import com.llatria.application.FieldError;
import com.llatria.application.InvalidInput;
import com.llatria.application.Validation;
import com.llatria.application.inventory.BulkAction;
import com.llatria.application.inventory.BulkResult;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.SaleInput;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemSort;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.PageCursor;
import com.llatria.domain.item.SearchText;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.SortDirection;
import io.javalin.http.Context;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** /api/inventory: a signed-in seller's items. */
public final class InventoryRoutes {
    private static final Set<String> LIST_PARAMS = Set.of("status", "category", "condition", "minPrice", "maxPrice", "q",
            "sort", "order", "limit", "cursor");
    private final Inventory inventory;

    public InventoryRoutes(Inventory inventory) {
        this.inventory = inventory;
    }

    public void list(Context ctx, RequestContext request) {
        Inventory.Page page = inventory.list(request.user(), query(ctx));
        Json.respond(ctx, 200, new PageJson(page.items(), page.next().map(PageCursor::encode).orElse(null)));
    }

    /** Items are written as {@link ItemJson} shows them, by {@link ItemJsonWriter} (Json.MAPPER's serializer for them). */
    record PageJson(List<ItemView> items, String nextCursor) {
    }

    public void get(Context ctx, RequestContext request) {
        ItemView view = inventory.get(request.user(), itemId(ctx));
        ctx.header("ETag", Preconditions.etag(view.item().version()));
        if (Preconditions.notModified(ctx, view.item().version())) {
            ctx.status(304);
            return;
        }
        respondItem(ctx, 200, view);
    }

    public void create(Context ctx, RequestContext request) {
        ItemBody.Full body = ItemBody.full(Json.tree(ctx));
        // A version echoed from GET is a read-only field; an expected version only makes sense for updates.
        if (body.expectedVersion().isPresent()) throw InvalidInput.of("expectedVersion", "is only for updates");
        Inventory.Created created = inventory.create(request.user(), request.device(), body.id().map(ItemId::new),
                body.input());
        ctx.header("Location", "/api/inventory/" + created.view().item().id());
        respondItem(ctx, created.isNew() ? 201 : 200, created.view());
    }

    public void update(Context ctx, RequestContext request) {
        ItemId id = itemId(ctx);
        ItemBody.Full body = ItemBody.full(Json.tree(ctx));
        checkSameId(body.id(), id);
        respondItem(ctx, 200, inventory.update(request.user(), request.device(), id, body.input(),
                Preconditions.expected(ctx, body.versionSeen())));
    }

    /** JSON merge patch (RFC 7396): only the fields sent change; null clears an optional field. */
    public void patch(Context ctx, RequestContext request) {
        ItemId id = itemId(ctx);
        ItemBody.Partial body = ItemBody.partial(Json.tree(ctx));
        checkSameId(body.id(), id);
        respondItem(ctx, 200, inventory.patch(request.user(), request.device(), id, body.patch(),
                Preconditions.expected(ctx, body.versionSeen())));
    }

    public void delete(Context ctx, RequestContext request) {
        inventory.delete(request.user(), request.device(), itemId(ctx), Preconditions.expected(ctx, Optional.empty()));
        ctx.status(204);
    }

    public void markSold(Context ctx, RequestContext request) {
        SaleInput sale = SaleInput.now();
        if (!ctx.body().isBlank()) {
            JsonFields body = JsonFields.of(Json.tree(ctx), SaleBody.FIELDS);
            sale = SaleBody.read(body);
            body.throwIfInvalid();
        }
        respondItem(ctx, 200, inventory.markSold(request.user(), request.device(), itemId(ctx), sale,
                Preconditions.expected(ctx, Optional.empty())));
    }

    public void bulk(Context ctx, RequestContext request) {
        JsonFields body = JsonFields.of(Json.tree(ctx), Set.of("action", "ids", "sale"));
        Optional<String> actionText = body.text("action");
        Optional<BulkAction> action = actionText.flatMap(BulkAction::fromWire);
        if (action.isEmpty() && (actionText.isPresent() || !body.present("action") || body.isNull("action"))) {
            body.problem("action", "must be one of delete, mark_sold, relist");
        }
        Optional<List<ItemId>> ids = body.array("ids", Inventory.BULK_MAX, node -> node.isTextual()
                ? parseId(node.textValue()) : Optional.empty(), "must be an item id (a UUID)");
        if (!body.present("ids") || body.isNull("ids")) body.problem("ids", "is required");
        SaleInput sale = body.object("sale", SaleBody.FIELDS).map(SaleBody::read).orElse(SaleInput.now());
        if (body.present("sale") && action.isPresent() && action.get() != BulkAction.MARK_SOLD) {
            body.problem("sale", "is only for mark_sold");
        }
        body.throwIfInvalid();
        List<BulkResult> results = inventory.bulk(request.user(), request.device(), action.orElseThrow(), ids.orElseThrow(), sale);
        Json.respond(ctx, 200, Map.of("results", results.stream().map(BulkResultJson::from).toList()));
    }

    private static Optional<ItemId> parseId(String text) {
        try {
            return Optional.of(ItemId.of(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    record BulkResultJson(String id, String outcome, String error, ItemView item) {
        static BulkResultJson from(BulkResult result) {
            return new BulkResultJson(result.id().toString(),
                    result.failure().map(f -> f.type().replace('-', '_')).orElse("ok"),
                    result.failure().map(Throwable::getMessage).orElse(null),
                    result.item().orElse(null));
        }
    }

    private static void respondItem(Context ctx, int status, ItemView view) {
        ctx.header("ETag", Preconditions.etag(view.item().version()));
        Json.respond(ctx, status, view);
    }

    private static void checkSameId(Optional<java.util.UUID> bodyId, ItemId id) {
        if (bodyId.isPresent() && !bodyId.get().equals(id.value())) {
            throw InvalidInput.of("id", "does not match the item in the path");
        }
    }

    public static ItemId itemId(Context ctx) {
        try {
            return ItemId.of(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("id", "must be a UUID");
        }
    }

    /** Reads and checks every query parameter, reporting all problems together. */
    private static ItemQuery query(Context ctx) {
        Validation v = new Validation();
        List<FieldError> unknown = new ArrayList<>();
        for (String name : ctx.queryParamMap().keySet()) {
            // "?limit=5&" has an empty pair; URL builders make those, and they mean nothing.
            if (!name.isEmpty() && !LIST_PARAMS.contains(name)) unknown.add(new FieldError(name, "is not a known parameter"));
            // status=active&status=sold does not mean "either" here: taking one silently would answer another question (10.13)
            else if (ctx.queryParams(name).stream().filter(value -> !value.isEmpty()).count() > 1)
                unknown.add(new FieldError(name, "is given more than once (each parameter takes one value)"));
        }
        if (!unknown.isEmpty()) throw new InvalidInput(unknown);

        Optional<ItemStatus> status = param(ctx, "status").map(s -> ItemStatus.fromWire(s).orElse(null));
        v.check(param(ctx, "status").isEmpty() || status.isPresent(), "status", "must be draft, active or sold");
        Optional<Condition> condition = param(ctx, "condition").map(c -> Condition.fromWire(c).orElse(null));
        v.check(param(ctx, "condition").isEmpty() || condition.isPresent(), "condition", "must be new, like_new, used, fair or poor");
        Optional<BigDecimal> min = decimal(ctx, v, "minPrice");
        Optional<BigDecimal> max = decimal(ctx, v, "maxPrice");
        v.check(min.isEmpty() || max.isEmpty() || min.get().compareTo(max.get()) <= 0, "minPrice", "must not be above maxPrice");
        Optional<ItemSort> sort = param(ctx, "sort").map(s -> switch (s) {
            case "created" -> ItemSort.CREATED;
            case "updated" -> ItemSort.UPDATED;
            case "price" -> ItemSort.PRICE;
            default -> null;
        });
        v.check(param(ctx, "sort").isEmpty() || sort.isPresent(), "sort", "must be created, updated or price");
        Optional<SortDirection> order = param(ctx, "order").map(o -> switch (o) {
            case "asc" -> SortDirection.ASC;
            case "desc" -> SortDirection.DESC;
            default -> null;
        });
        v.check(param(ctx, "order").isEmpty() || order.isPresent(), "order", "must be asc or desc");
        int limit = ItemQuery.DEFAULT_LIMIT;
        if (param(ctx, "limit").isPresent()) {
            try {
                limit = Integer.parseInt(param(ctx, "limit").get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            v.check(limit >= 1 && limit <= ItemQuery.MAX_LIMIT, "limit", "must be a whole number from 1 to " + ItemQuery.MAX_LIMIT);
        }
        Optional<PageCursor> cursor = param(ctx, "cursor").map(c -> PageCursor.decode(c).orElse(null));
        v.check(param(ctx, "cursor").isEmpty() || cursor.isPresent(), "cursor", "is not a cursor from this API");
        ItemSort s = sort.orElse(ItemSort.CREATED);
        SortDirection d = order.orElse(SortDirection.DESC);
        v.check(cursor.map(c -> c.sort() == s && c.direction() == d).orElse(true), "cursor",
                "belongs to another sort order; keep sort and order the same while paging");
        Optional<String> text = param(ctx, "q");
        v.check(text.map(t -> t.length() <= 200).orElse(true), "q", "must be at most 200 characters");
        v.check(text.map(t -> SearchText.wordCount(t) <= SearchText.MAX_WORDS).orElse(true), "q",
                "must have at most " + SearchText.MAX_WORDS + " words");
        // no stored category is longer, and a longer one would be a token the index refuses
        v.check(param(ctx, "category").map(c -> ItemDetails.length(c) <= ItemDetails.CATEGORY_MAX).orElse(true), "category",
                "must be at most " + ItemDetails.CATEGORY_MAX + " characters");
        v.throwIfInvalid();
        return new ItemQuery(status, param(ctx, "category"), condition, min, max, text, s, d, limit, cursor);
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(value -> !value.isBlank());
    }

    private static Optional<BigDecimal> decimal(Context ctx, Validation v, String name) {
        Optional<String> raw = param(ctx, name);
        if (raw.isEmpty()) return Optional.empty();
        try {
            // A bound is a price: the same rules, so 1e-16384 or 1e131072 are refused rather than overflowing later.
            BigDecimal value = new BigDecimal(raw.get());
            List<String> problems = Money.problems(value);
            problems.forEach(reason -> v.check(false, name, reason));
            return problems.isEmpty() ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            v.check(false, name, "must be a number such as 19.99");
            return Optional.empty();
        }
    }
}
