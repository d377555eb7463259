package io.pacer.staging;

import java.io.InputStream;

/**
 * The bytes of an artifact as they arrive, and how many the source announced.
 *
 * @param length the announced length, or -1 when unknown
 */
record SourceBody(InputStream stream, long length) {
}
