package com.llatria.application.posting;

import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PostingProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a seller reads for each {@link PostingProblem}: no API paths, setting ids or server
 * settings (those stay in the detail, for support and for clients that word it themselves).
 */
final class PostingProblems {
    /** Setting ids as a seller knows them. */
    private static final Map<String, String> SETTING_WORDS = new LinkedHashMap<>();

    static {
        SETTING_WORDS.put("fulfillmentPolicyId", "shipping policy");
        SETTING_WORDS.put("paymentPolicyId", "payment policy");
        SETTING_WORDS.put("returnPolicyId", "return policy");
        SETTING_WORDS.put("merchantLocationKey", "item location");
        SETTING_WORDS.put("catalogId", "catalog");
        SETTING_WORDS.put("storefrontUrl", "shop's web address");
    }

    private PostingProblems() {
    }

    /** The seller's words for a failure; {@code detail} is the platform's or the server's own text. */
    static String words(PostingProblem problem, Platform platform, String detail, boolean takingDown) {
        String p = PlatformAccounts.name(platform);
        String said = platformWords(detail);
        String sentence = switch (problem) {
            case NOT_CONNECTED -> "Connect your " + p + " account first, then post again.";
            case RECONNECT -> p + " no longer accepts Llatria's connection to your account. Connect " + p + " again"
                    + (takingDown ? "; Llatria keeps trying to take the listing down." : ", then post again.");
            case MISSING_SETTINGS -> p + " needs your " + missing(detail) + " before it can list. Add "
                    + (missing(detail).contains(",") || missing(detail).contains(" and ") ? "them" : "it") + " in your " + p
                    + " settings, then post again.";
            case ITEM_INCOMPLETE -> p + " cannot list the item as it is" + (said.isEmpty() ? "" : ": " + said)
                    + ". Complete it, then post again.";
            case PHOTOS_NOT_PUBLIC -> p + " can only use photos at public web addresses, and this Llatria server keeps its photos "
                    + "private. Whoever runs your Llatria server needs to make photos public; then post again.";
            case PLATFORM_REFUSED -> p + (takingDown ? " refused to take the listing down" : " did not accept the listing")
                    + (said.isEmpty() ? "." : ": " + said);
            case REVISION_REFUSED -> "Your listing on " + p + " is still up as it was, but " + p + " did not accept the change"
                    + (said.isEmpty() ? "." : ": " + said) + " Fix it and post again.";
            case PLATFORM_UNAVAILABLE -> p + " is not answering properly right now; Llatria tries again"
                    + (takingDown ? " to take the listing down." : " by itself.");
            case UNUSABLE_ANSWER -> p + " gave an answer Llatria could not use, so the listing may be live on " + p
                    + " without Llatria knowing it. Check your " + p + " listings, or post again.";
            case NOT_FOR_SALE -> "The item is not for sale (sold or a draft), so it was not listed.";
            case ITEM_GONE -> "The item was deleted, so it was not listed.";
            case NOT_SUPPORTED -> "This Llatria server is not set up to post to " + p + ".";
        };
        return sentence;
    }

    /** What the platform itself said: the text after "refused ...: ", if any. */
    private static String platformWords(String detail) {
        int colon = detail.indexOf(": ");
        return colon < 0 ? "" : detail.substring(colon + 2).strip();
    }

    /** The settings a detail names, in a seller's words ("shipping policy, return policy and item location"). */
    private static String missing(String detail) {
        List<String> named = new ArrayList<>();
        SETTING_WORDS.forEach((id, words) -> {
            if (detail.contains(id)) named.add(words);
        });
        if (named.isEmpty()) return "account settings";
        if (named.size() == 1) return named.get(0);
        return String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1);
    }
}
