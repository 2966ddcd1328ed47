package com.llatria.domain.posting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostingProblemTest {
    @Test
    void a_stored_message_keeps_its_code_apart_from_its_detail() {
        String stored = PostingProblem.MISSING_SETTINGS.tag("eBay needs your account's returnPolicyId");

        assertThat(stored).isEqualTo("[missing-settings] eBay needs your account's returnPolicyId");
        assertThat(PostingProblem.of(stored)).contains(PostingProblem.MISSING_SETTINGS);
        assertThat(PostingProblem.detail(stored)).isEqualTo("eBay needs your account's returnPolicyId");
    }

    @Test
    void a_message_stored_before_codes_or_with_an_unknown_one_is_plain_detail() {
        assertThat(PostingProblem.of("eBay refused the listing: [x] y")).isEmpty();
        assertThat(PostingProblem.of("[made-up] text")).isEmpty();
        assertThat(PostingProblem.detail("[made-up] text")).isEqualTo("[made-up] text");
    }

    @Test
    void codes_are_unique() {
        assertThat(java.util.Arrays.stream(PostingProblem.values()).map(PostingProblem::code)).doesNotHaveDuplicates();
    }
}
