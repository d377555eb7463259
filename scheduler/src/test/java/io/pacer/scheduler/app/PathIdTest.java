package io.pacer.scheduler.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids read as Marathon reads them: the behaviours its state/PathIdTest.scala checks (parsing, round trips, canonical
 * paths with {@code .} and {@code ..}, the root, validation messages and reserved keywords), in Pacer's own tests.
 */
class PathIdTest {
    @Test
    void anAbsoluteIdIsItsSegments() {
        assertThat(PathId.parse("/a/b/c/d")).isEqualTo(new PathId(List.of("a", "b", "c", "d"), true));
        assertThat(PathId.parse("a/b").absolute()).isFalse();
    }

    @Test
    void emptySegmentsAndSlashesAtTheEndsAreIgnored() {
        assertThat(PathId.parse("//client-check/sleeper")).isEqualTo(PathId.parse("/client-check/sleeper"));
        assertThat(PathId.parse("/a//b///c/")).isEqualTo(PathId.parse("/a/b/c"));
        assertThat(AppId.parse("prod/web/").path()).isEqualTo("/prod/web");
    }

    @Test
    void theRootIsEmptyAndAbsolute() {
        assertThat(PathId.parse("/").isEmpty()).isTrue();
        assertThat(PathId.parse("/").absolute()).isTrue();
        assertThat(PathId.parse("").isEmpty()).isTrue();
        assertThat(PathId.parse("").absolute()).isFalse();
        assertThat(AppId.parse("/").isRoot()).isTrue();
        assertThat(AppId.parse("/").segments()).isEmpty();
    }

    @Test
    void anIdWrittenOutReadsBackTheSame() {
        for (String text : List.of("/a/b/c/d", "a/b/c/d")) {
            PathId id = PathId.parse(text);
            assertThat(PathId.parse(id.toString())).isEqualTo(id);
        }
    }

    @Test
    void aRelativeIdResolvesDotsAgainstItsBase() {
        AppId base = AppId.parse("/a/b/c/d");
        assertThat(PathId.parse("./test/../e/f/g/./../").canonical(base)).isEqualTo(AppId.parse("/a/b/c/d/e/f"));
        assertThat(PathId.parse("../x").canonical(base)).isEqualTo(AppId.parse("/a/b/c/x"));
    }

    @Test
    void anIdResolvesDotsFromTheRootAndNeverAboveIt() {
        assertThat(PathId.parse("test/../a/b/c/d/d/../e/f/g/./../").canonical()).isEqualTo(AppId.parse("/a/b/c/d/e/f"));
        assertThat(AppId.parse("/../../a")).isEqualTo(AppId.parse("/a"));
        assertThat(PathId.parse("/x/y").canonical(AppId.parse("/base"))).as("an absolute id ignores the base")
                .isEqualTo(AppId.parse("/x/y"));
    }

    @Test
    void legalCharactersAreValid() {
        assertThat(AppId.parse("/foobar-0").problems()).isEmpty();
        assertThat(AppId.parse("/a.b-c/d9").problems()).isEmpty();
    }

    @Test
    void illegalCharactersAreRefusedWithMarathonsMessage() {
        assertThat(AppId.parse("/@§'foobar-0").problems()).containsExactly(
                "must fully match regular expression "
                        + "'^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$'");
        assertThat(AppId.parse("/a-").problems()).containsExactly(AppId.BAD_CHARACTERS);
        assertThat(AppId.parse("/Web").problems()).containsExactly(AppId.BAD_CHARACTERS);
    }

    @Test
    void reservedKeywordsAreRefusedAtTheEndOnly() {
        for (String keyword : List.of("restart", "tasks", "versions")) {
            assertThat(AppId.parse("/" + keyword).problems()).containsExactly(
                    "must not end with any of the following reserved keywords: restart, tasks, versions, ., ..");
            assertThat(AppId.parse("/foo/" + keyword).problems()).containsExactly(AppId.RESERVED_END);
            assertThat(AppId.parse("/" + keyword + "/foo").problems()).isEmpty();
            assertThat(AppId.parse("/foo/" + keyword + "/bar").problems()).isEmpty();
        }
    }

    @Test
    void dotsAreResolvedBeforeValidationSoTheyNeverEndAnId() {
        assertThat(AppId.parse("/x/.")).isEqualTo(AppId.parse("/x"));
        assertThat(AppId.parse("/x/y/..")).isEqualTo(AppId.parse("/x"));
        assertThat(AppId.parse("/x/..").problems()).containsExactly(AppId.NOT_EMPTY);
    }

    @Test
    void theRootNamesNoApp() {
        assertThat(AppId.parse("/").problems()).containsExactly("Path must contain at least one path element");
        assertThat(AppId.parse("").problems()).containsExactly(AppId.NOT_EMPTY);
    }

    @Test
    void segmentsAreTheCanonicalParts() {
        assertThat(AppId.parse("//shop/./web").segments()).containsExactly("shop", "web");
    }
}
