package com.llatria.adapters.web;

import com.llatria.application.InvalidInput;
import com.llatria.application.inventory.ExpectedVersion;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Items carry a strong ETag made of their version ({@code "v12"}); every write makes a new one.
 * {@code If-Match} (strong comparison, RFC 9110 §13.1.1) makes a write conditional: a stale tag
 * answers 412. {@code If-None-Match} (weak comparison) makes a read answer 304.
 */
public final class Preconditions {
    private static final Pattern TAG = Pattern.compile("(W/)?\"v(\\d{1,18})\"");

    private Preconditions() {
    }

    public static String etag(long version) {
        return "\"v" + version + "\"";
    }

    /** The versions a write must find: If-Match's, else the body's; empty when the client named none. */
    public static Optional<ExpectedVersion> expected(Context ctx, Optional<Long> inBody) {
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) return inBody.map(ExpectedVersion::inBody);
        List<Long> strong = new ArrayList<>();
        for (String part : ifMatch.split(",")) {
            Matcher m = TAG.matcher(part.trim());
            if (!m.matches()) throw InvalidInput.of("If-Match", "must list ETags the item was read with, such as \"v12\"");
            // A weak tag never matches strongly: it stays out, so a list of only weak tags always fails.
            if (m.group(1) == null) strong.add(Long.parseLong(m.group(2)));
        }
        if (inBody.isPresent() && !strong.contains(inBody.get())) {
            throw InvalidInput.of("If-Match", "names another version than the body's version");
        }
        return Optional.of(ExpectedVersion.ifMatch(strong));
    }

    /** Whether If-None-Match names this version (weak comparison: W/ is ignored) or is "*". */
    public static boolean notModified(Context ctx, long version) {
        String header = ctx.header("If-None-Match");
        if (header == null || header.isBlank()) return false;
        if (header.trim().equals("*")) return true;
        for (String part : header.split(",")) {
            Matcher m = TAG.matcher(part.trim());
            if (m.matches() && Long.parseLong(m.group(2)) == version) return true;
        }
        return false;
    }
}
