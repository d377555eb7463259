package io.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS flags' checks; serving with real keystores is TlsIT's (keytool, the real pacer.jar). */
class HttpsConfigTest {
    @TempDir
    Path dir;

    @Test
    void noKeystoreNoHttps() throws Exception {
        assertThat(PacerConfig.parse(List.of(), Map.of()).https()).isEmpty();
        assertThat(PacerConfig.usage()).contains("--https-port", "--ssl-keystore-path", "--ssl-keystore-password",
                "--ssl-keystore-password-file", "MESOSPHERE_KEYSTORE_PASS", "--disable-http");
    }

    @Test
    void httpsFlagsWithoutAKeystoreAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--disable-http"), Map.of()))
                .hasMessage("--disable-http needs --ssl-keystore-path (HTTPS is served only with a keystore)");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--https-port", "8443"), Map.of()))
                .hasMessage("--https-port needs --ssl-keystore-path (HTTPS is served only with a keystore)");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--ssl-keystore-password", "pw"), Map.of()))
                .hasMessage("--ssl-keystore-password needs --ssl-keystore-path (HTTPS is served only with a keystore)");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--disable-http=yes", "--ssl-keystore-path", "k.p12"), Map.of()))
                .hasMessageStartingWith("--disable-http takes no value");
    }

    @Test
    void thePasswordComesFromOneOfItsThreePlaces() throws Exception {
        Path keystore = dir.resolve("k.p12");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--ssl-keystore-path", keystore.toString()), Map.of()))
                .hasMessageStartingWith("--ssl-keystore-path needs its password: --ssl-keystore-password-file FILE");
        Path passwordFile = Files.writeString(dir.resolve("pw"), "pw\n");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--ssl-keystore-path", keystore.toString(), "--ssl-keystore-password", "pw",
                "--ssl-keystore-password-file", passwordFile.toString()), Map.of()))
                .hasMessage("--ssl-keystore-password and --ssl-keystore-password-file: give one of them");
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--ssl-keystore-path", keystore.toString(),
                "--ssl-keystore-password-file", absent.toString()), Map.of()))
                .hasMessageStartingWith("--ssl-keystore-password-file: cannot read " + absent);
        // with the password found, the keystore itself is opened: here it is missing, named in the one line
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--ssl-keystore-path", keystore.toString()),
                Map.of(HttpsConfig.PASSWORD_VARIABLE, "pw")))
                .hasMessage("--ssl-keystore-path: " + keystore + ": no such file");
        assertThatThrownBy(() -> PacerConfig.parse(List.of(), Map.of(HttpsConfig.PATH_VARIABLE, keystore.toString(),
                HttpsConfig.PASSWORD_VARIABLE, "pw")))
                .as("Marathon's MESOSPHERE_KEYSTORE_PATH").hasMessage("--ssl-keystore-path: " + keystore + ": no such file");
    }

    @Test
    void aFileThatIsNoKeystoreIsNamedWithTheProblem() throws Exception {
        Path notKeystore = Files.writeString(dir.resolve("notes.txt"), "not a keystore at all\n");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--ssl-keystore-path", notKeystore.toString(), "--ssl-keystore-password", "pw"),
                Map.of())).hasMessageStartingWith("--ssl-keystore-path: " + notKeystore + ": not a PKCS12 or JKS keystore");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--ssl-keystore-path", dir.toString(), "--ssl-keystore-password", "pw"),
                Map.of())).hasMessage("--ssl-keystore-path: " + dir + ": is not a file");
    }
}
