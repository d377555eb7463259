package io.pacer.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Issue 12's figure: the web UI's apps list with 1,000 apps (instances 0, in 20 groups, 10 team labels), in Debian's
 * headless Chromium against the real pacer.jar. Prints, as the median of {@code RUNS} fresh loads, the time from
 * navigation start to the first frame showing the list's first page (rows and count), then how long a sort and a
 * filter keystroke take to show. Not a test: a measurement, run by scripts/bench-webui.
 */
public final class WebUiBenchmark {
    private static final int APPS = 1000;
    private static final int RUNS = 7;
    /** Resolves with performance.now() at the first animation frame where the first page of 1,000 apps is shown. */
    private static final String FIRST_SCREEN = """
            const done = arguments[arguments.length - 1];
            const shown = () => document.querySelectorAll('tbody tr[data-app-id]').length === 100
                && document.getElementById('apps-count')?.textContent === '(1000)';
            const look = () => shown() ? done(performance.now()) : requestAnimationFrame(look);
            look();""";
    /** Runs arguments[0]'s action, resolves with the ms until the frame after the list shows its effect. */
    private static final String TIMED = """
            const done = arguments[arguments.length - 1];
            const start = performance.now();
            %s
            const look = () => (%s) ? requestAnimationFrame(() => done(performance.now() - start)) : requestAnimationFrame(look);
            look();""";

    private WebUiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("pacer-webui-bench");
        try {
            run(dir);
        } finally {
            TempFolders.delete(dir);
        }
    }

    private static void run(Path dir) throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            long start = System.nanoTime();
            for (int i = 0; i < APPS; i++) {
                String app = "{\"id\":\"/bench/group-%02d/app-%04d\",\"cmd\":\"sleep 1000\",\"instances\":0,\"cpus\":0.1,\"mem\":32,\"labels\":{\"team\":\"t%d\"}}"
                        .formatted(i % 20, i, i % 10);
                int status = pacer.send("POST", "/v2/apps", app).statusCode();
                if (status != 201) {
                    throw new AssertionError("POST of app " + i + " answered " + status);
                }
            }
            System.out.printf("created %d apps in %.1f s%n", APPS, (System.nanoTime() - start) / 1e9);
            try (HeadlessChromium chromium = HeadlessChromium.start(1280, 800)) {
                JavascriptExecutor js = chromium.driver;
                List<Double> firstScreen = new ArrayList<>();
                List<Double> sort = new ArrayList<>();
                List<Double> filter = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    chromium.driver.get(pacer.uri.resolve("/?run=" + run).toString());
                    firstScreen.add(((Number) js.executeAsyncScript(FIRST_SCREEN)).doubleValue());
                    sort.add(((Number) js.executeAsyncScript(TIMED.formatted(
                            "document.querySelector(\"th[data-column='id'] button\").click();",
                            "document.querySelector('tbody tr[data-app-id]').dataset.appId === '/bench/group-19/app-0999'"))).doubleValue());
                    filter.add(((Number) js.executeAsyncScript(TIMED.formatted(
                            "const f = document.getElementById('filter-id'); f.value = 'app-007'; f.dispatchEvent(new Event('input'));",
                            "document.querySelectorAll('tbody tr[data-app-id]').length === 10"))).doubleValue());
                    chromium.driver.findElement(By.id("filter-id")).clear();
                    js.executeScript("const f = document.getElementById('filter-id'); f.value = ''; f.dispatchEvent(new Event('input'));"
                            + "document.querySelector(\"th[data-column='id'] button\").click();");
                }
                System.out.printf("first screen of the apps list with %d apps: median %.0f ms (runs: %s)%n", APPS, median(firstScreen), rounded(firstScreen));
                System.out.printf("sort by id, descending, to the next frame: median %.0f ms (runs: %s)%n", median(sort), rounded(sort));
                System.out.printf("filter by id ('app-007', 10 apps), to the next frame: median %.0f ms (runs: %s)%n", median(filter), rounded(filter));
                chromium.screenshot(Path.of(System.getProperty("pacer.root", "."), "integration-tests", "target", "screenshots",
                        "apps-list-1000.png"));
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }
}
