package com.llatria.domain.posting;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a posting failed, as a stable code a client can translate (finding 9.14). The text kept
 * with it is the platform's or the server's own detail; what a seller reads is worded from the
 * code. A failure's message is stored as {@code [code] detail} (see {@link #tag}), so postings
 * failed before codes existed still read as plain text.
 */
public enum PostingProblem {
    /** The platform account is not connected. */
    NOT_CONNECTED("not-connected"),
    /** The connection to the platform account is gone (refused renewal, revoked, expired): connect again. */
    RECONNECT("reconnect"),
    /** Account settings the platform needs are missing (business policies, location, catalog, shop address). */
    MISSING_SETTINGS("missing-settings"),
    /** The item lacks what the platform requires (a photo, a condition, a price in its currency). */
    ITEM_INCOMPLETE("item-incomplete"),
    /** The platform fetches photos from public https addresses and this server's are not. */
    PHOTOS_NOT_PUBLIC("photos-not-public"),
    /** The platform refused the listing as sent. */
    PLATFORM_REFUSED("platform-refused"),
    /** The platform refused a change to a listing that stays live as it was. */
    REVISION_REFUSED("revision-refused"),
    /** The platform is down, slow or busy: retried. */
    PLATFORM_UNAVAILABLE("platform-unavailable"),
    /** The platform answered something we cannot use; a listing may exist. */
    UNUSABLE_ANSWER("unusable-answer"),
    /** The item is not for sale (sold or a draft): nothing was listed. */
    NOT_FOR_SALE("not-for-sale"),
    /** The item was deleted: nothing was listed. */
    ITEM_GONE("item-gone"),
    /** This server is not set up for the platform. */
    NOT_SUPPORTED("not-supported");

    private final String code;

    PostingProblem(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<PostingProblem> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The message as stored: {@code [code] detail}. */
    public String tag(String detail) {
        return "[" + code + "] " + detail;
    }

    /** The code of a stored message, if it has one. */
    public static Optional<PostingProblem> of(String message) {
        int end = message.indexOf("] ");
        if (!message.startsWith("[") || end < 0) return Optional.empty();
        return fromCode(message.substring(1, end));
    }

    /** The detail of a stored message: the message without its code. */
    public static String detail(String message) {
        return of(message).map(p -> message.substring(p.code.length() + 3)).orElse(message);
    }
}
