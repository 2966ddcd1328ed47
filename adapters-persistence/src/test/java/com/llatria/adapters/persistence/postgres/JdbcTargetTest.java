package com.llatria.adapters.persistence.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcTargetTest {
    @Test
    void a_hosting_platforms_url_becomes_a_jdbc_url_with_decoded_credentials() {
        var target = PostgresDatabase.JdbcTarget.parse("postgres://ann:p%40ss%3Aword@db.example.com:6543/llatria?sslmode=require", null, null);

        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/llatria?sslmode=require");
        assertThat(target.user()).isEqualTo("ann");
        assertThat(target.password()).isEqualTo("p@ss:word");
    }

    @Test
    void a_jdbc_url_is_used_as_it_is_with_the_separate_credentials() {
        var target = PostgresDatabase.JdbcTarget.parse("jdbc:postgresql://localhost/llatria", "app", "secret");

        assertThat(target).isEqualTo(new PostgresDatabase.JdbcTarget("jdbc:postgresql://localhost/llatria", "app", "secret"));
    }

    @Test
    void anything_else_is_refused_with_the_forms_that_work() {
        assertThatThrownBy(() -> PostgresDatabase.JdbcTarget.parse("mysql://localhost/x", null, null))
                .hasMessageContaining("postgres://");
    }
}
