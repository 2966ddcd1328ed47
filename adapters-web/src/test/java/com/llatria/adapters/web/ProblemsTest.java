package com.llatria.adapters.web;

import com.llatria.application.UseCaseException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {
    @Test
    void a_body_that_stopped_arriving_is_a_408_not_a_500() {
        IOException idle = new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms"));

        assertThat(Problems.toProblem(idle, "/api/auth/login").status()).isEqualTo(408);
    }

    @Test
    void every_kind_of_use_case_failure_has_its_status_and_keeps_its_type() {
        for (UseCaseException.Kind kind : UseCaseException.Kind.values()) {
            Problem problem = Problems.toProblem(new UseCaseException(kind, "some-type", "Title", "detail"), "/x");
            assertThat(problem.status()).isBetween(400, 503);
            assertThat(problem.type()).isEqualTo("urn:llatria:problem:some-type");
        }
    }
}
