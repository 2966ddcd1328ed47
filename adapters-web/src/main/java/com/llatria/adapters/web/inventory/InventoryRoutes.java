package com.llatria.adapters.web.inventory;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.RequestContext;
import com.llatria.application.FieldError;
import com.llatria.application.InvalidInput;
import com.llatria.application.Validation;
import com.llatria.application.inventory.BulkAction;
import com.llatria.application.inventory.BulkResult;
import com.llatria.application.inventory.ExpectedVersion;
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
        Json.respond(ctx, 200, new PageJson(page.items().stream().map(ItemJson::from).toList(),
                page.next().map(PageCursor::encode).orElse(null)));
    }

    record PageJson(List<ItemJson> items, String nextCursor) {
    }

    public void get(Context ctx, RequestContext request) {
        ItemView view = inventory.get(request.user(), itemId(ctx));
        String etag = etag(view);
        ctx.header("ETag", etag);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || List.of(ifNoneMatch.split(",")).stream()
                .map(String::trim).anyMatch(etag::equals))) {
            ctx.status(304);
            return;
        }
        respondItem(ctx, 200, view);
    }

    public void create(Context ctx, RequestContext request) {
        ItemBody.Full body = ItemBody.full(Json.tree(ctx));
        if (body.version().isPresent()) throw InvalidInput.of("expectedVersion", "is only for updates");
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
                expected(ctx, body.version())));
    }

    /** JSON merge patch (RFC 7396): only the fields sent change; null clears an optional field. */
    public void patch(Context ctx, RequestContext request) {
        ItemId id = itemId(ctx);
        ItemBody.Partial body = ItemBody.partial(Json.tree(ctx));
        checkSameId(body.id(), id);
        respondItem(ctx, 200, inventory.patch(request.user(), request.device(), id, body.patch(),
                expected(ctx, body.version())));
    }

    public void delete(Context ctx, RequestContext request) {
        inventory.delete(request.user(), request.device(), itemId(ctx));
        ctx.status(204);
    }

    public void markSold(Context ctx, RequestContext request) {
        SaleInput sale = ctx.body().isBlank() ? SaleInput.now() : Json.read(ctx, SoldRequest.class).toInput();
        respondItem(ctx, 200, inventory.markSold(request.user(), request.device(), itemId(ctx), sale));
    }

    public void bulk(Context ctx, RequestContext request) {
        BulkRequest body = Json.read(ctx, BulkRequest.class);
        Validation v = new Validation();
        Optional<BulkAction> action = Optional.ofNullable(body.action()).flatMap(BulkAction::fromWire);
        v.check(action.isPresent(), "action", "must be one of delete, mark_sold, relist");
        v.check(body.ids() != null, "ids", "is required");
        v.check(body.ids() == null || body.ids().stream().allMatch(java.util.Objects::nonNull), "ids", "must not contain null");
        v.check(body.sale() == null || action.filter(a -> a == BulkAction.MARK_SOLD).isPresent(), "sale", "is only for mark_sold");
        v.throwIfInvalid();
        SaleInput sale = body.sale() == null ? SaleInput.now() : body.sale().toInput();
        List<BulkResult> results = inventory.bulk(request.user(), request.device(), action.get(),
                body.ids().stream().map(ItemId::new).toList(), sale);
        Json.respond(ctx, 200, Map.of("results", results.stream().map(BulkResultJson::from).toList()));
    }

    record BulkResultJson(String id, String outcome, String error, ItemJson item) {
        static BulkResultJson from(BulkResult result) {
            return new BulkResultJson(result.id().toString(),
                    result.failure().map(f -> f.type().replace('-', '_')).orElse("ok"),
                    result.failure().map(Throwable::getMessage).orElse(null),
                    result.item().map(ItemJson::from).orElse(null));
        }
    }

    /** A strong validator from the item's version: every write gives a new one. */
    public static String etag(ItemView view) {
        return "\"v" + view.item().version() + "\"";
    }

    private static void respondItem(Context ctx, int status, ItemView view) {
        ctx.header("ETag", etag(view));
        Json.respond(ctx, status, ItemJson.from(view));
    }

    private static void checkSameId(Optional<java.util.UUID> bodyId, ItemId id) {
        if (bodyId.isPresent() && !bodyId.get().equals(id.value())) {
            throw InvalidInput.of("id", "does not match the item in the path");
        }
    }

    /** The version the client saw: If-Match (a precondition, 412 when stale), or version/expectedVersion in the body (409). */
    private static Optional<ExpectedVersion> expected(Context ctx, Optional<Long> inBody) {
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) return inBody.map(ExpectedVersion::inBody);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(?:W/)?\"v(\\d{1,18})\"\\s*").matcher(ifMatch);
        if (!m.matches()) throw InvalidInput.of("If-Match", "must be the ETag the item was read with, such as \"v12\"");
        long version = Long.parseLong(m.group(1));
        if (inBody.isPresent() && inBody.get() != version) {
            throw InvalidInput.of("If-Match", "names another version than the body's version");
        }
        return Optional.of(ExpectedVersion.ifMatch(version));
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
            if (!LIST_PARAMS.contains(name)) unknown.add(new FieldError(name, "is not a known parameter"));
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
