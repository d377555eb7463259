package io.pacer.scheduler.app;

/** Which instances go first when an app scales down (types/killSelection.raml; default YOUNGEST_FIRST). */
public enum KillSelection { YOUNGEST_FIRST, OLDEST_FIRST }
