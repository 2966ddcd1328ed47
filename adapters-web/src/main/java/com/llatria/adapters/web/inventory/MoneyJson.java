package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.item.Money;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Money on the wire: {@code {"amount": "79.99", "currency": "USD"}}. Amounts go out as strings
 * so no client parses a price into a float. They come in as that object, or as a bare amount
 * (a JSON number or string, as the design's schema sends prices) in the default currency.
 * JSON numbers are read as exact decimals, never through a double.
 */
@JsonDeserialize(using = MoneyJson.Reader.class)
public record MoneyJson(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {
    public static MoneyJson from(Money money) {
        return new MoneyJson(money.amount(), money.currency().getCurrencyCode());
    }

    static MoneyInput toInput(MoneyJson json) {
        return json == null ? null : new MoneyInput(json.amount(), json.currency());
    }

    /** One problem, at {@code field} below the money's own field ("" or ".amount"). */
    public record Problem(String field, String reason) {
    }

    public record Parsed(Optional<MoneyJson> money, List<Problem> problems) {
    }

    public static Parsed parse(JsonNode node) {
        return parse(node, false);
    }

    /** The money in {@code node} and every problem with it; {@code amountOptional} for patches that change only the currency. */
    static Parsed parse(JsonNode node, boolean amountOptional) {
        if (node.isNumber() || node.isTextual()) {
            Optional<BigDecimal> amount = amount(node);
            return amount.isPresent() ? ok(new MoneyJson(amount.get(), null))
                    : failed(new Problem("", "must be an amount such as 19.99"));
        }
        if (!node.isObject()) {
            return failed(new Problem("", "must be an amount such as 19.99 or {\"amount\": \"19.99\", \"currency\": \"USD\"}"));
        }
        List<Problem> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("amount") && !name.equals("currency")) problems.add(new Problem("." + name, "is not a known field"));
        }
        JsonNode amountNode = node.get("amount");
        Optional<BigDecimal> amount = Optional.empty();
        if (amountNode == null || amountNode.isNull()) {
            if (!amountOptional) problems.add(new Problem(".amount", "is required"));
        } else {
            amount = amount(amountNode);
            if (amount.isEmpty()) problems.add(new Problem(".amount", "must be a number"));
        }
        JsonNode currency = node.get("currency");
        if (currency != null && !currency.isNull() && !currency.isTextual()) {
            problems.add(new Problem(".currency", "must be a string such as USD"));
        }
        if (!problems.isEmpty()) return new Parsed(Optional.empty(), problems);
        return ok(new MoneyJson(amount.orElse(null), currency == null || currency.isNull() ? null : currency.textValue()));
    }

    private static Parsed ok(MoneyJson money) {
        return new Parsed(Optional.of(money), List.of());
    }

    private static Parsed failed(Problem problem) {
        return new Parsed(Optional.empty(), List.of(problem));
    }

    private static Optional<BigDecimal> amount(JsonNode node) {
        if (node.isNumber()) return bounded(node.decimalValue());
        if (!node.isTextual()) return Optional.empty();
        String text = node.textValue().strip();
        // Bounded before parsing: a huge exponent is cheap to write and costly to use.
        if (text.isEmpty() || text.length() > 40) return Optional.empty();
        try {
            return bounded(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Exponents far outside any price are refused here, before any arithmetic on them. */
    private static Optional<BigDecimal> bounded(BigDecimal value) {
        int magnitude = value.precision() - value.scale();
        return magnitude > 40 || value.scale() > 40 ? Optional.empty() : Optional.of(value);
    }

    static final class Reader extends JsonDeserializer<MoneyJson> {
        @Override
        public MoneyJson deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            Parsed parsed = parse(node);
            if (parsed.money().isEmpty()) {
                Problem problem = parsed.problems().get(0);
                throw InvalidFormatException.from(parser,
                        problem.field().isEmpty() ? problem.reason() : problem.field().substring(1) + " " + problem.reason(),
                        node.toString(), problem.field().isEmpty() ? MoneyJson.class : BigDecimal.class);
            }
            return parsed.money().get();
        }
    }
}
