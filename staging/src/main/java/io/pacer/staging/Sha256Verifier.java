package io.pacer.staging;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Digests an artifact's bytes as they stream past and compares with the expected sha256, when one is given. */
final class Sha256Verifier {

    private final Optional<String> expected;
    private final MessageDigest digest;

    Sha256Verifier(Optional<String> expected) {
        this.expected = expected;
        this.digest = expected.isPresent() ? newDigest() : null;
    }

    void update(byte[] bytes, int offset, int length) {
        if (digest != null) {
            digest.update(bytes, offset, length);
        }
    }

    void verify(String displayUri) throws StagingException {
        if (digest == null) {
            return;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected.orElseThrow())) {
            throw new StagingException(FailureCause.CHECKSUM_MISMATCH, "sha256 mismatch for " + displayUri
                    + ": expected " + expected.orElseThrow() + ", got " + actual);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
