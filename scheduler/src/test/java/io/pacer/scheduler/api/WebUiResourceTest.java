package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web UI's files over real HTTP, next to an API route that must stay as it was. */
class WebUiResourceTest {
    private ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws InterruptedException {
        WebUiResource ui = new WebUiResource();
        server = ApiServer.start("127.0.0.1", 0, 1024 * 1024, 0, Map.of(
                WebUiResource.HOME, ui.home(), WebUiResource.ASSETS, ui.assets(),
                PingResource.PREFIX, PingResource.route()), null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theHomePageIsTheUiAndIsNeverCached() throws Exception {
        HttpResponse<String> page = get("/", Map.of());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
    }

    @Test
    void assetsCarryAnETagAndAreNotSentAgainWhenItMatches() throws Exception {
        HttpResponse<String> script = get("/ui/app.js", Map.of());
        String etag = script.headers().firstValue("ETag").orElseThrow();

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        HttpResponse<String> again = get("/ui/app.js", Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/ui/app.js", Map.of("If-None-Match", "\"other\"")).statusCode()).isEqualTo(200);
        assertThat(get("/ui/style.css", Map.of()).headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    }

    /** A module whose name the served names leave out (an upper-case letter, say) would break the page where it is imported. */
    @Test
    void everyModuleTheUiImportsIsServed() throws Exception {
        Pattern imports = Pattern.compile("from '\\./([^']+)'");
        Set<String> seen = new TreeSet<>();
        Deque<String> toRead = new ArrayDeque<>(java.util.List.of("app.js"));
        while (!toRead.isEmpty()) {
            String name = toRead.pop();
            if (!seen.add(name)) {
                continue;
            }
            HttpResponse<String> module = get("/ui/" + name, Map.of());
            assertThat(module.statusCode()).as(name).isEqualTo(200);
            Matcher imported = imports.matcher(module.body());
            while (imported.find()) {
                toRead.push(imported.group(1));
            }
        }
        assertThat(seen).contains("group-detail.js", "groups.js", "app-table.js", "dependency-graph.js", "apps-list.js");
    }

    @Test
    void onlyTheUisOwnFilesAreServedAndTheApiKeepsItsPaths() throws Exception {
        assertThat(get("/ui/nope.js", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/ui/..%2Fwebui%2Fapp.js", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/ui/PacerServer.class", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/index.html", Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = get("/v2/nothing", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Unknown path GET /v2/nothing\"}");
        assertThat(get("/ping", Map.of()).body()).isEqualTo("pong");
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
