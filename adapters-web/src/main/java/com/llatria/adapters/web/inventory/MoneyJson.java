package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.item.Money;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Money on the wire: {@code {"amount": "79.99", "currency": "USD"}}. Amounts go out as strings
 * so no client parses a price into a float. They come in as that object, or as a bare amount
 * (a JSON number or string, as the design's schema sends prices) in the default currency.
 */
@JsonDeserialize(using = MoneyJson.Reader.class)
public record MoneyJson(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {
    static MoneyJson from(Money money) {
        return new MoneyJson(money.amount(), money.currency().getCurrencyCode());
    }

    static MoneyInput toInput(MoneyJson json) {
        return json == null ? null : new MoneyInput(json.amount(), json.currency());
    }

    /** The money in {@code node}, or a description of what is wrong with it. */
    static Parsed parse(JsonNode node) {
        if (node.isNumber()) return new Parsed(Optional.of(new MoneyJson(node.decimalValue(), null)), "", null);
        if (node.isTextual()) {
            return amount(node.textValue()).map(a -> new Parsed(Optional.of(new MoneyJson(a, null)), "", null))
                    .orElse(Parsed.problem("", "must be an amount such as 19.99"));
        }
        if (node.isObject()) {
            JsonNode amount = node.get("amount");
            JsonNode currency = node.get("currency");
            for (var names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("amount") && !name.equals("currency")) return Parsed.problem("." + name, "is not a known field");
            }
            if (amount == null || amount.isNull()) return Parsed.problem(".amount", "is required");
            Optional<BigDecimal> value = amount.isNumber() ? Optional.of(amount.decimalValue())
                    : amount.isTextual() ? amount(amount.textValue()) : Optional.empty();
            if (value.isEmpty()) return Parsed.problem(".amount", "must be a number");
            if (currency != null && !currency.isNull() && !currency.isTextual()) return Parsed.problem(".currency", "must be a string such as USD");
            return new Parsed(Optional.of(new MoneyJson(value.get(), currency == null || currency.isNull() ? null : currency.textValue())), "", null);
        }
        return Parsed.problem("", "must be an amount such as 19.99 or {\"amount\": \"19.99\", \"currency\": \"USD\"}");
    }

    /** @param field where the problem is, below the money's own field ("" or ".amount") */
    record Parsed(Optional<MoneyJson> money, String field, String problem) {
        static Parsed problem(String field, String reason) {
            return new Parsed(Optional.empty(), field, reason);
        }
    }

    private static Optional<BigDecimal> amount(String text) {
        // Bounded before parsing: BigDecimal of a huge exponent is cheap to write and costly to use.
        if (text.length() > 40) return Optional.empty();
        try {
            return Optional.of(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static final class Reader extends JsonDeserializer<MoneyJson> {
        @Override
        public MoneyJson deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            Parsed parsed = parse(node);
            if (parsed.money().isEmpty()) {
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(parser,
                        parsed.field().isEmpty() ? parsed.problem() : parsed.field().substring(1) + " " + parsed.problem(),
                        node.toString(), parsed.field().isEmpty() ? MoneyJson.class : BigDecimal.class);
            }
            return parsed.money().get();
        }
    }
}
